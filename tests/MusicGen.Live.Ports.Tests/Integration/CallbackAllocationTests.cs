using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.Ports.RtMidi;
using MusicGen.Live.Ports.Tests.Support;
using MusicGen.Live.Ports.Thru;
using MusicGen.Live.TestSupport.Jack;

namespace MusicGen.Live.Ports.Tests.Integration;

/// <summary>
/// Zero allocation where it matters most: on the native callback thread itself. A thru runs inside the
/// backend's real-time callback; a probe wrapped around it reads that thread's allocation counter every
/// 200 messages after the first 200, so everything the backend does per message is counted, round by round.
/// Steady state is most rounds with no allocation at all: the runtime may still allocate once on that thread
/// while tiered compilation settles (a fresh-clone CI run saw 32 bytes once), but an allocation per message,
/// or every few messages, shows in every round.
/// </summary>
[Collection(JackServerGroup.Name)]
[Trait("Category", "Jack")]
public sealed class CallbackAllocationTests(JackServerFixture fixture)
{
    private const int Messages = 1200;
    private const int RoundLength = 200;

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
        AssertSteadyStateAllocatesNothing(probe);
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
        AssertSteadyStateAllocatesNothing(probe);
    }

    /// <summary>At least three of the five rounds allocate nothing; the message lists every round's bytes.</summary>
    private static void AssertSteadyStateAllocatesNothing(AllocationProbe probe)
    {
        var rounds = probe.RoundBytes();
        var clean = rounds.Count(bytes => bytes == 0);
        Assert.True(clean * 2 > rounds.Length, $"bytes allocated per round of {RoundLength} messages: {string.Join(", ", rounds)}");
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
        // Allocated here, on the test thread; the callback only stores into it.
        private readonly long[] _marks = new long[Messages / RoundLength];
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public bool Done => Calls >= Messages;

        /// <summary>Bytes the callback thread allocated in each round after the first (call once <see cref="Done"/>).</summary>
        public long[] RoundBytes()
        {
            var rounds = new long[_marks.Length - 1];
            for (var i = 0; i < rounds.Length; i++)
            {
                rounds[i] = _marks[i + 1] - _marks[i];
            }

            return rounds;
        }

        public void Receive(ReadOnlySpan<byte> message, long timestamp)
        {
            inner.Receive(message, timestamp);
            var n = _calls + 1;
            if (n % RoundLength == 0 && n <= Messages)
            {
                _marks[n / RoundLength - 1] = GC.GetAllocatedBytesForCurrentThread();
            }

            Volatile.Write(ref _calls, n); // publishes the mark to the test thread, which reads Done first
        }
    }
}
