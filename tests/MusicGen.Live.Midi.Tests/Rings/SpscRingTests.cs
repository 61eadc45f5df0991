using System.Numerics;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Midi.Tests.Rings;

public sealed class SpscRingTests : RingContractTests
{
    private SpscRing<int> _ring = null!;

    protected override long Dropped => _ring.Dropped;

    protected override int Create(int minItems)
    {
        _ring = new SpscRing<int>((int)BitOperations.RoundUpToPowerOf2((uint)minItems));
        return _ring.Capacity;
    }

    protected override bool TryWrite(int value) => _ring.TryWrite(value);

    protected override bool TryRead(out int value) => _ring.TryRead(out value);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    public void Capacity_must_be_a_power_of_two(int capacity)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SpscRing<int>(capacity));
        Assert.Equal("capacity", ex.ParamName);
    }

    [Fact]
    public void Peek_does_not_take()
    {
        Create(4);
        _ring.TryWrite(5);
        Assert.True(_ring.TryPeek(out var a));
        Assert.True(_ring.TryRead(out var b));
        Assert.Equal(a, b);
        Assert.Equal(0, _ring.Count);
    }

    [Fact]
    public void A_pair_is_written_whole_or_not_at_all_across_the_wrap()
    {
        Create(4);
        _ring.TryWrite(1);
        _ring.TryWrite(2);
        _ring.TryWrite(3);
        Assert.False(_ring.TryWritePair(10, 11)); // one slot free: neither goes in
        Assert.Equal(2, _ring.Dropped);
        Assert.Equal(3, _ring.Count);
        _ring.TryRead(out _);
        _ring.TryRead(out _);
        Assert.True(_ring.TryWritePair(10, 11)); // wraps: slots 3 and 0
        var read = new List<int>();
        while (_ring.TryRead(out var v))
        {
            read.Add(v);
        }

        Assert.Equal([3, 10, 11], read);
    }

    [Fact]
    public void Write_and_read_allocate_nothing()
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
}
