using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Tests.Core;

/// <summary>The engine's hops: the shared SPSC ring carrying engine events, against a queue and across threads.</summary>
public sealed class EngineEventRingTests
{
    private static EngineEvent Event(long i) => new(i, i, EventKind.Input, 0x90, (byte)(i % 128), 64);

    [Fact]
    public void Matches_a_queue_under_random_operations_and_counts_drops()
    {
        var ring = new SpscRing<EngineEvent>(16);
        var reference = new Queue<EngineEvent>(); // the simple reference: a bounded FIFO
        var random = new Random(3);
        long next = 0, refused = 0;
        for (var step = 0; step < 20_000; step++)
        {
            if (random.Next(3) != 0)
            {
                var e = Event(next++);
                var accepted = ring.TryWrite(e);
                Assert.Equal(reference.Count < 16, accepted);
                if (accepted)
                {
                    reference.Enqueue(e);
                }
                else
                {
                    refused++;
                }
            }
            else
            {
                var got = ring.TryRead(out var e);
                Assert.Equal(reference.Count > 0, got);
                if (got)
                {
                    Assert.Equal(reference.Dequeue(), e);
                }
            }

            Assert.Equal(reference.Count, ring.Count);
        }

        Assert.Equal(refused, ring.Dropped);
    }

    [Fact]
    public void Passes_every_event_in_order_between_two_threads()
    {
        var ring = new SpscRing<EngineEvent>(64);
        const int Total = 200_000;
        var producer = new Thread(() =>
        {
            for (long i = 0; i < Total; i++)
            {
                while (!ring.TryWrite(Event(i)))
                {
                    Thread.SpinWait(10);
                }
            }
        });
        producer.Start();
        long expected = 0;
        while (expected < Total)
        {
            if (ring.TryRead(out var e))
            {
                Assert.Equal(expected++, e.Time);
            }
        }

        producer.Join();
    }

    [Fact]
    public void Rejects_a_capacity_that_is_not_a_power_of_two()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SpscRing<EngineEvent>(12));
        Assert.Contains("power of two", ex.Message);
    }
}
