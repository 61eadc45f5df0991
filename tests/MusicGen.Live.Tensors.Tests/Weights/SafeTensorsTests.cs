using System.Buffers.Binary;
using System.Text;
using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.Tensors.Tests.Kernels;

namespace MusicGen.Live.Tensors.Tests.Weights;

public sealed class SafeTensorsTests
{
    private static byte[] Sample()
    {
        var t = new NamedTensors();
        t.Add("b.weight", new Tensor(Close.Random(new Random(1), 6), 2, 3));
        t.Add("a.bias", new Tensor(Close.Random(new Random(2), 4), 4));
        t.Metadata["note"] = "test";
        using var ms = new MemoryStream();
        SafeTensors.Write(ms, t);
        return ms.ToArray();
    }

    private static NamedTensors Read(byte[] bytes) => SafeTensors.Read(new MemoryStream(bytes), "mem");

    private static byte[] Forge(string json, int dataBytes)
    {
        var h = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + h.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void Round_trip_keeps_names_shapes_values_and_metadata()
    {
        var back = Read(Sample());
        Assert.Equal(2, back.Count);
        Assert.True(back.Require("b.weight", 2, 3).Data.SequenceEqual(Close.Random(new Random(1), 6)));
        Assert.True(back.Require("a.bias", 4).Data.SequenceEqual(Close.Random(new Random(2), 4)));
        Assert.Equal("test", back.Metadata["note"]);
    }

    [Fact]
    public void Every_truncation_is_a_format_error_never_a_crash()
    {
        var bytes = Sample();
        for (var len = 0; len < bytes.Length; len++)
        {
            Assert.Throws<SafeTensorsFormatException>(() => Read(bytes[..len]));
        }
    }

    [Fact]
    public void Random_byte_flips_give_a_format_error_or_a_valid_file()
    {
        var bytes = Sample();
        var rng = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var forged = (byte[])bytes.Clone();
            forged[rng.Next(Math.Min(forged.Length, 8 + 200))] ^= (byte)(1 << rng.Next(8));
            try
            {
                Read(forged);
            }
            catch (SafeTensorsFormatException)
            {
            }
        }
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8, "dtype")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8, "past the")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "shape")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "gap")]
    public void Forged_header_names_the_tensor(string json, int dataBytes, string expected)
    {
        var ex = Assert.Throws<SafeTensorsFormatException>(() => Read(Forge(json, dataBytes)));
        Assert.Equal("w", ex.TensorName);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_tensors_are_rejected()
    {
        const string json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        var ex = Assert.Throws<SafeTensorsFormatException>(() => Read(Forge(json, 8)));
        Assert.Equal("b", ex.TensorName);
    }

    [Fact]
    public void Huge_header_length_is_rejected_before_allocating()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        var ex = Assert.Throws<SafeTensorsFormatException>(() => Read(bytes));
        Assert.Equal(0, ex.ByteOffset);
    }

    [Fact]
    public void F16_and_BF16_are_widened()
    {
        const string json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[2,4]}}";
        var bytes = Forge(json, 4);
        var data = bytes.AsSpan(bytes.Length - 4);
        BinaryPrimitives.WriteUInt16LittleEndian(data, BitConverter.HalfToUInt16Bits((Half)1.5f));
        BinaryPrimitives.WriteUInt16LittleEndian(data[2..], (ushort)(BitConverter.SingleToInt32Bits(-2.25f) >> 16));
        var t = Read(bytes);
        Assert.Equal(1.5f, t.Require("h", 1).Data[0]);
        Assert.Equal(-2.25f, t.Require("b", 1).Data[0]);
    }

    [Fact]
    public void Shape_mismatch_with_config_names_the_tensor()
    {
        var t = Read(Sample());
        var ex = Assert.Throws<WeightMismatchException>(() => t.Require("b.weight", 3, 2));
        Assert.Equal("b.weight", ex.TensorName);
        Assert.Throws<WeightMismatchException>(() => t.Require("missing", 1));
    }
}
