using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.Ports.RtMidi;
using MusicGen.Live.Ports.Tests.Support;
using MusicGen.Live.Ports.Thru;
using MusicGen.Live.TestSupport.Jack;

namespace MusicGen.Live.Ports.Tests.Integration;

/// <summary>
/// Zero allocation where it matters most: on the native callback thread itself. A thru runs inside the
/// backend's real-time callback; a probe wrapped around it reads that thread's allocation counter at the
/// 200th and at the last message, so everything the backend does per message in between is counted.
/// </summary>
[Collection(JackServerGroup.Name)]
[Trait("Category", "Jack")]
public sealed class CallbackAllocationTests(JackServerFixture fixture)
{
    private const int Messages = 1200;

    [Fact]
    public void Jack_process_callback_passes_messages_without_allocating()
    {
        var server = fixture.Server;
        using var source = JackMidiClient.Open("mgl-alloc-src", server.Name);
        var sourceOut = source.AddOutput("out");
        source.Activate();
        using var middle = JackMidiClient.Open("mgl-alloc-thru", server.Name);
        var thruIn = middle.AddInput("in");
        var thruOut = middle.AddOutput("out");
        middle.Activate();
        using var sink = JackMidiClient.Open("mgl-alloc-sink", server.Name);
        var sinkIn = sink.AddInput("in");
        sink.Activate();
        source.Connect(sourceOut.Name, thruIn.Name);
        source.Connect(thruOut.Name, sinkIn.Name);

        var probe = new AllocationProbe(new MidiThru(thruIn, thruOut));
        thruIn.Start(probe);
        var counter = new CountingReceiver();
        sinkIn.Start(counter);
        Thread.Sleep(30); // connections take effect at a cycle boundary (setup)
        Pump(sourceOut, counter);

        Assert.True(probe.Done, $"probe saw {probe.Calls} of {Messages}");
        Assert.Equal(0, probe.Allocated);
        Assert.Equal(0, thruOut.Dropped);
    }

    [Fact]
    public void RtMidi_input_callback_passes_messages_without_allocating()
    {
        using var source = RtMidiBackend.OpenVirtualOutput(RtMidiApi.UnixJack, "mgl-ralloc-src", "out");
        using var thruIn = RtMidiBackend.OpenVirtualInput(RtMidiApi.UnixJack, "mgl-ralloc-in", "in");
        using var thruOut = RtMidiBackend.OpenVirtualOutput(RtMidiApi.UnixJack, "mgl-ralloc-out", "out");
        using var sinkIn = RtMidiBackend.OpenVirtualInput(RtMidiApi.UnixJack, "mgl-ralloc-sink", "in");
        fixture.Server.WaitForPorts(TimeSpan.FromSeconds(10), source.Name, thruIn.Name, thruOut.Name, sinkIn.Name);
        fixture.Server.Connect(source.Name, thruIn.Name);
        fixture.Server.Connect(thruOut.Name, sinkIn.Name);

        var probe = new AllocationProbe(new MidiThru(thruIn, thruOut));
        thruIn.Start(probe);
        var counter = new CountingReceiver();
        sinkIn.Start(counter);
        Thread.Sleep(30);
        Pump(source, counter);

        Assert.True(probe.Done, $"probe saw {probe.Calls} of {Messages}");
        Assert.Equal(0, probe.Allocated);
    }

    /// <summary>Sends at a steady pace (a few per cycle) and waits until the sink saw them all.</summary>
    private static void Pump(IMidiOutput output, CountingReceiver counter)
    {
        byte[] note = [0x90, 60, 100];
        byte[] sysex = [0xF0, 0x7D, 1, 2, 3, 0xF7];
        for (var i = 0; i < Messages; i++)
        {
            output.Send(i % 10 == 0 ? sysex : note);
            if (i % 4 == 3)
            {
                Thread.Sleep(1);
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (counter.Count < Messages && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }
    }

    private sealed class AllocationProbe(IMidiReceiver inner) : IMidiReceiver
    {
        private long _start;
        private long _end;
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public bool Done => Calls >= Messages;

        public long Allocated => _end - _start;

        public void Receive(ReadOnlySpan<byte> message, long timestamp)
        {
            inner.Receive(message, timestamp);
            var n = ++_calls;
            if (n == 200)
            {
                _start = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (n == Messages)
            {
                _end = GC.GetAllocatedBytesForCurrentThread();
            }
        }
    }

    private sealed class CountingReceiver : IMidiReceiver
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Receive(ReadOnlySpan<byte> message, long timestamp) => Interlocked.Increment(ref _count);
    }
}
