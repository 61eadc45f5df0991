using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;
using MusicGen.Live.Ports.Loopback;
using MusicGen.Live.Ports.Rings;

namespace MusicGen.Live.Ports.Tests.Rings;

/// <summary>The steady-state input → ring → output path allocates nothing (measured on the thread that runs it).</summary>
public sealed class ZeroAllocationTests
{
    [Fact]
    public void Input_to_ring_to_output_allocates_nothing_in_steady_state()
    {
        var (sourceIn, sourceOut) = LoopbackMidi.CreatePair("alloc-src");
        var (sinkIn, sinkOut) = LoopbackMidi.CreatePair("alloc-sink");
        var ring = new MidiMessageRing(4096);
        var pump = new MidiRingPump(ring, sinkOut);
        var sink = new CountingReceiver();
        sourceIn.Start(new MidiRingReceiver(ring));
        sinkIn.Start(sink);
        byte[] note = [0x90, 60, 100];
        byte[] sysex = [0xF0, 0x7D, 1, 2, 3, 4, 5, 0xF7];

        void Cycle(int n)
        {
            for (var i = 0; i < n; i++)
            {
                sourceOut.Send(note);
                sourceOut.Send(sysex);
                pump.Drain();
            }
        }

        Cycle(1000); // warm-up: JIT, tiering
        var before = GC.GetAllocatedBytesForCurrentThread();
        Cycle(10_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(22_000, sink.Count);
        Assert.Equal(0, ring.Dropped);
    }

    [Fact]
    public void Spsc_ring_write_and_read_allocate_nothing()
    {
        var ring = new SpscRing<long>(256);
        for (var i = 0; i < 1000; i++)
        {
            ring.TryWrite(i);
            ring.TryRead(out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            ring.TryWrite(i);
            ring.TryRead(out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private sealed class CountingReceiver : IMidiReceiver
    {
        public int Count { get; private set; }

        public void Receive(ReadOnlySpan<byte> message, long timestamp) => Count++;
    }
}
