using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using MusicGen.Live.Tensors.Core;

namespace MusicGen.Live.Tensors.Weights;

/// <summary>
/// Reads and writes the safetensors format (8-byte little-endian header length, JSON header, raw data)
/// that PyTorch's <c>safetensors</c> package writes. Reading validates the header length, the JSON, every
/// dtype, shape and offset range, and that the data section is exactly covered (no gap, no overlap, no
/// trailing bytes) BEFORE allocating any tensor; every error names the tensor and the byte offset.
/// F32 is read and written; F16 and BF16 are widened to float on read. Load-time only: allocates freely.
/// </summary>
public static class SafeTensors
{
    /// <summary>The format's own upper bound on the header (guards against a forged length).</summary>
    public const long MaxHeaderBytes = 100 * 1024 * 1024;

    private const string MetadataKey = "__metadata__";

    public static NamedTensors Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads from a seekable stream positioned at the start of the file; <paramref name="source"/> names it in errors.</summary>
    public static NamedTensors Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var fileLength = stream.Length - stream.Position;
        if (fileLength < 8)
        {
            throw new SafeTensorsFormatException(source, null, 0, $"file is {fileLength} bytes, shorter than the 8-byte header length");
        }

        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength < 2 || headerLength > MaxHeaderBytes || headerLength > (ulong)(fileLength - 8))
        {
            throw new SafeTensorsFormatException(source, null, 0, $"header length {headerLength} is impossible for a file of {fileLength} bytes");
        }

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataLength = fileLength - 8 - (long)headerLength;
        var entries = ParseHeader(header, dataLength, source, out var metadata);

        var result = new NamedTensors();
        foreach (var (key, value) in metadata)
        {
            result.Metadata[key] = value;
        }

        var dataStart = 8 + (long)headerLength;
        foreach (var e in entries)
        {
            var data = new float[e.Count];
            ReadData(stream, e, data, source, dataStart);
            result.Add(e.Name, new Tensor(data, e.Shape));
        }

        return result;
    }

    public static void Write(string path, NamedTensors tensors)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(stream, tensors);
    }

    /// <summary>Writes every tensor as F32, in name order, with the metadata; the header is space-padded to 8 bytes.</summary>
    public static void Write(Stream stream, NamedTensors tensors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Names.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        using var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            if (tensors.Metadata.Count > 0)
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (k, v) in tensors.Metadata)
                {
                    w.WriteString(k, v);
                }

                w.WriteEndObject();
            }

            long offset = 0;
            foreach (var name in names)
            {
                var t = tensors.All[name];
                w.WriteStartObject(name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (var d in t.Shape)
                {
                    w.WriteNumberValue(d);
                }

                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                offset += (long)t.Length * sizeof(float);
                w.WriteNumberValue(offset);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        var headerBytes = json.ToArray();
        var padded = (headerBytes.Length + 7) / 8 * 8;
        Span<byte> lengthBytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)padded);
        stream.Write(lengthBytes);
        stream.Write(headerBytes);
        for (var i = headerBytes.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var name in names)
        {
            var data = tensors.All[name].Data;
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            }
            else
            {
                var buf = new byte[4];
                foreach (var v in data)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(buf, v);
                    stream.Write(buf);
                }
            }
        }
    }

    private static List<Entry> ParseHeader(byte[] header, long dataLength, string source, out Dictionary<string, string> metadata)
    {
        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!System.Text.Unicode.Utf8.IsValid(header))
        {
            throw new SafeTensorsFormatException(source, null, 8, "header is not valid UTF-8");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header.AsMemory().TrimEnd((byte)' '));
        }
        catch (JsonException ex)
        {
            throw new SafeTensorsFormatException(source, null, 8 + (ex.BytePositionInLine ?? 0), $"header is not valid JSON: {ex.Message}");
        }

        var entries = new List<Entry>();
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SafeTensorsFormatException(source, null, 8, "header is not a JSON object");
            }

            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == MetadataKey)
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw new SafeTensorsFormatException(source, null, 8, "__metadata__ is not an object");
                    }

                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    }

                    continue;
                }

                entries.Add(ParseEntry(prop, dataLength, source));
            }
        }

        // The data section must be covered exactly: sorted by offset, each tensor starts where the last ended.
        entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        long expected = 0;
        foreach (var e in entries)
        {
            if (e.Begin != expected)
            {
                throw new SafeTensorsFormatException(
                    source,
                    e.Name,
                    8 + header.Length + e.Begin,
                    e.Begin < expected
                        ? $"overlaps the previous tensor (starts at data offset {e.Begin}, previous ends at {expected})"
                        : $"leaves a gap (starts at data offset {e.Begin}, previous ends at {expected})");
            }

            expected = e.End;
        }

        if (expected != dataLength)
        {
            throw new SafeTensorsFormatException(source, null, 8 + header.Length + expected, $"tensors cover {expected} data bytes but the file holds {dataLength}");
        }

        return entries;
    }

    private static Entry ParseEntry(JsonProperty prop, long dataLength, string source)
    {
        var name = prop.Name;
        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object
            || !v.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String
            || !v.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array
            || !v.TryGetProperty("data_offsets", out var offEl) || offEl.ValueKind != JsonValueKind.Array || offEl.GetArrayLength() != 2)
        {
            throw new SafeTensorsFormatException(source, name, 8, "entry lacks dtype, shape or a two-element data_offsets");
        }

        var dtype = dtypeEl.GetString() switch
        {
            "F32" => SafeTensorsDType.F32,
            "F16" => SafeTensorsDType.F16,
            "BF16" => SafeTensorsDType.BF16,
            var other => throw new SafeTensorsFormatException(source, name, 8, $"dtype {other} is not supported (F32, F16, BF16)"),
        };

        var shape = new int[shapeEl.GetArrayLength()];
        long count = 1;
        var i = 0;
        foreach (var d in shapeEl.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var dim) || dim < 0)
            {
                throw new SafeTensorsFormatException(source, name, 8, $"shape element {i} is not a non-negative 32-bit integer");
            }

            shape[i++] = dim;
            count *= dim;
            if (count > Array.MaxLength)
            {
                throw new SafeTensorsFormatException(source, name, 8, "shape holds more elements than one array can");
            }
        }

        var offsets = offEl.EnumerateArray().ToArray();
        if (!offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            throw new SafeTensorsFormatException(source, name, 8, "data_offsets are not an ordered pair of non-negative integers");
        }

        var elementSize = dtype == SafeTensorsDType.F32 ? 4 : 2;
        if (end - begin != count * elementSize)
        {
            throw new SafeTensorsFormatException(source, name, 8, $"data_offsets span {end - begin} bytes but shape [{string.Join(", ", shape)}] of {dtype} needs {count * elementSize}");
        }

        if (end > dataLength)
        {
            throw new SafeTensorsFormatException(source, name, 8, $"data ends at {end}, past the {dataLength}-byte data section (file truncated?)");
        }

        return new Entry(name, dtype, shape, (int)count, begin, end);
    }

    private static void ReadData(Stream stream, Entry e, float[] data, string source, long dataStart)
    {
        try
        {
            stream.Position = dataStart + e.Begin;
            if (e.DType == SafeTensorsDType.F32)
            {
                stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
                if (!BitConverter.IsLittleEndian)
                {
                    var ints = MemoryMarshal.Cast<float, int>(data.AsSpan());
                    BinaryPrimitives.ReverseEndianness(ints, ints);
                }

                return;
            }

            var raw = new byte[e.End - e.Begin];
            stream.ReadExactly(raw);
            for (var i = 0; i < data.Length; i++)
            {
                var bits = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(2 * i));
                data[i] = e.DType == SafeTensorsDType.F16 ? (float)BitConverter.UInt16BitsToHalf(bits) : BitConverter.Int32BitsToSingle(bits << 16);
            }
        }
        catch (EndOfStreamException)
        {
            throw new SafeTensorsFormatException(source, e.Name, dataStart + e.Begin, "file ends inside the tensor's data");
        }
    }

    private sealed record Entry(string Name, SafeTensorsDType DType, int[] Shape, int Count, long Begin, long End);
}
