using System.Numerics;
using System.Buffers.Binary;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Midi.Tests.Rings;

/// <summary>The byte-message ring under the shared contract (4-byte messages), plus its own variable-length cases.</summary>
public sealed class MidiMessageRingTests : RingContractTests
{
    private MidiMessageRing _ring = null!;

    protected override long Dropped => _ring.Dropped;

    protected override int Create(int minItems)
    {
        // A 4-byte message takes a 24-byte record (16 header + 8 padded).
        _ring = new MidiMessageRing((int)BitOperations.RoundUpToPowerOf2((uint)(minItems * 24)));
        return _ring.CapacityBytes / 24;
    }

    protected override bool TryWrite(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return _ring.TryWrite(bytes, value * 10L);
    }

    protected override bool TryRead(out int value)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (!_ring.TryRead(bytes, out var length, out var timestamp))
        {
            value = 0;
            return false;
        }

        Assert.Equal(4, length);
        value = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        Assert.Equal(value * 10L, timestamp);
        return true;
    }

    [Fact]
    public void Mixed_lengths_survive_wrap_around_unchanged()
    {
        _ring = new MidiMessageRing(512);
        var random = new Random(3);
        var sent = new Queue<byte[]>();
        var buffer = new byte[512];
        for (var i = 0; i < 2000; i++)
        {
            var message = new byte[random.Next(0, 3) == 0 ? random.Next(1, 120) : 3];
            random.NextBytes(message);
            while (!_ring.TryWrite(message, i))
            {
                var expected = sent.Dequeue();
                Assert.True(_ring.TryRead(buffer, out var length, out _));
                Assert.Equal(expected, buffer[..length]);
            }

            sent.Enqueue(message);
        }

        while (sent.Count > 0)
        {
            Assert.True(_ring.TryRead(buffer, out var length, out _));
            Assert.Equal(sent.Dequeue(), buffer[..length]);
        }

        Assert.True(_ring.IsEmpty);
    }

    [Fact]
    public void Too_long_message_is_dropped_not_thrown()
    {
        _ring = new MidiMessageRing(256);
        Assert.False(_ring.TryWrite(new byte[_ring.MaxMessageLength + 1], 0));
        Assert.Equal(1, _ring.Dropped);
        Assert.True(_ring.TryWrite(new byte[_ring.MaxMessageLength], 0));
    }

    [Fact]
    public void Short_destination_takes_nothing_and_says_how_much_is_needed()
    {
        _ring = new MidiMessageRing(256);
        _ring.TryWrite(new byte[] { 0xF0, 1, 2, 3, 4, 0xF7 }, 42);
        Assert.False(_ring.TryRead(new byte[3], out var needed, out _));
        Assert.Equal(6, needed);
        Assert.True(_ring.TryRead(new byte[6], out _, out var timestamp));
        Assert.Equal(42, timestamp);
    }
}
