using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;
using MusicGen.Live.Ports.Loopback;

namespace MusicGen.Live.Ports.Tests.Loopback;

/// <summary>The steady-state input → ring → output path allocates nothing (measured on the thread that runs it).</summary>
public sealed class ZeroAllocationTests
{
    [Fact]
    public void Input_to_ring_to_output_allocates_nothing_in_steady_state()
    {
        var (sourceIn, sourceOut) = LoopbackMidi.CreatePair("alloc-src");
        var (sinkIn, sinkOut) = LoopbackMidi.CreatePair("alloc-sink");
        var ring = new MidiMessageRing(4096);
        var sink = new CountingReceiver();
        sourceIn.Start(new RingWriter(ring));
        sinkIn.Start(sink);
        byte[] note = [0x90, 60, 100];
        byte[] sysex = [0xF0, 0x7D, 1, 2, 3, 4, 5, 0xF7];

        void Cycle(int n)
        {
            for (var i = 0; i < n; i++)
            {
                sourceOut.Send(note);
                sourceOut.Send(sysex);
                while (ring.TryPeek(out var message, out var timestamp))
                {
                    sinkOut.SendAt(message, timestamp);
                    ring.Advance();
                }
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

    // The input callback's whole job on the engine's first hop: copy the message into the ring.
    private sealed class RingWriter(MidiMessageRing ring) : IMidiReceiver
    {
        public void Receive(ReadOnlySpan<byte> message, long timestamp) => ring.TryWrite(message, timestamp);
    }
}
