namespace MusicGen.Live.Midi.Tests.Rings;

/// <summary>
/// What every SPSC ring promises, run once per implementation (one derived class each): FIFO order,
/// false on full and empty with a drop count, wrap-around, and no loss or reordering across two threads.
/// Values are ints; each implementation adapts them to its own item shape.
/// </summary>
public abstract class RingContractTests
{
    /// <summary>A ring that holds at least <paramref name="minItems"/> small items; returns its real item capacity.</summary>
    protected abstract int Create(int minItems);

    protected abstract bool TryWrite(int value);

    protected abstract bool TryRead(out int value);

    protected abstract long Dropped { get; }

    [Fact]
    public void Empty_ring_reads_false()
    {
        Create(8);
        Assert.False(TryRead(out _));
    }

    [Fact]
    public void Items_come_out_in_order()
    {
        var capacity = Create(8);
        for (var i = 0; i < capacity; i++)
        {
            Assert.True(TryWrite(i));
        }

        for (var i = 0; i < capacity; i++)
        {
            Assert.True(TryRead(out var v));
            Assert.Equal(i, v);
        }

        Assert.False(TryRead(out _));
    }

    [Fact]
    public void Full_ring_refuses_and_counts_the_drop()
    {
        var capacity = Create(8);
        for (var i = 0; i < capacity; i++)
        {
            Assert.True(TryWrite(i));
        }

        Assert.False(TryWrite(999));
        Assert.False(TryWrite(998));
        Assert.Equal(2, Dropped);
        Assert.True(TryRead(out var first));
        Assert.Equal(0, first);
        Assert.True(TryWrite(1000)); // room again after a read
    }

    [Fact]
    public void Wraps_around_many_times()
    {
        var capacity = Create(8);
        var next = 0;
        var expected = 0;
        for (var round = 0; round < 100; round++)
        {
            var burst = 1 + (round % capacity);
            for (var i = 0; i < burst; i++)
            {
                Assert.True(TryWrite(next++));
            }

            for (var i = 0; i < burst; i++)
            {
                Assert.True(TryRead(out var v));
                Assert.Equal(expected++, v);
            }
        }

        Assert.Equal(0, Dropped);
    }

    [Fact]
    public void Two_threads_lose_and_reorder_nothing()
    {
        Create(64);
        const int total = 200_000;
        var producer = new Thread(() =>
        {
            for (var i = 0; i < total; i++)
            {
                while (!TryWrite(i))
                {
                    Thread.SpinWait(1);
                }
            }
        });
        producer.Start();
        var expected = 0;
        while (expected < total)
        {
            if (TryRead(out var v))
            {
                Assert.Equal(expected, v);
                expected++;
            }
        }

        producer.Join();
        Assert.False(TryRead(out _));
    }
}
