using MusicGen.Live.Midi;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// Byte streams for fuzzing the live input: uniform random bytes, and runs of real channel messages from a
/// MIDI file (sometimes with running status) mutated the ways a cable, a driver or a buggy client mangles them:
/// bits flipped, bytes dropped or doubled, the stream cut short, real-time bytes inside messages, SysEx whole or
/// cut off, stray status bytes, and the engine's own control CCs (mode switches, trigger, panic) mid-phrase.
/// A few runs stay unmutated. Deterministic for a seed.
/// </summary>
/// <remarks>Threading: one thread. <see cref="Next"/> writes into one buffer (no allocation per stream).</remarks>
public sealed class FuzzStreams
{
    public const int MaxLength = 512;

    private static readonly byte[] s_realTime = [0xF8, 0xFA, 0xFB, 0xFC, 0xFE, 0xFF, 0xF9, 0xFD];
    private static readonly byte[] s_controls = [20, 21, 22, 23, 26, 64, 64, 64, 80, 119, 120, 123, 1, 7];

    private readonly byte[] _source;  // the file's channel messages, back to back
    private readonly int[] _starts;   // where each message starts in _source (one extra at the end)
    private readonly Random _random;
    private readonly byte[] _buffer = new byte[MaxLength];
    private readonly byte[] _scratch = new byte[MaxLength];

    public FuzzStreams(MidiFile file, int seed)
    {
        ArgumentNullException.ThrowIfNull(file);
        var map = file.GetTempoMap();
        var events = file.Tracks.SelectMany(t => t.Events).Where(e => e.IsChannelMessage).OrderBy(e => map.ToSeconds(e.Tick)).ToList();
        if (events.Count < 64)
        {
            throw new InvalidDataException($"{events.Count} channel messages in the file: the fuzz needs at least 64 to mutate");
        }

        var bytes = new List<byte>();
        var starts = new List<int>();
        foreach (var e in events)
        {
            starts.Add(bytes.Count);
            bytes.Add(e.Status);
            bytes.Add(e.Data1);
            if (e.Command is not (0xC0 or 0xD0))
            {
                bytes.Add(e.Data2);
            }
        }

        starts.Add(bytes.Count);
        _source = [.. bytes];
        _starts = [.. starts];
        _random = new Random(seed);
        SourceMessages = events.Count;
    }

    public int SourceMessages { get; }

    public Random Random => _random;

    /// <summary>The next stream (valid until the next call).</summary>
    public ReadOnlySpan<byte> Next()
    {
        var roll = _random.Next(100);
        if (roll < 20)
        {
            var length = _random.Next(1, 97);
            _random.NextBytes(_buffer.AsSpan(0, length));
            return _buffer.AsSpan(0, length);
        }

        var n = Real(runningStatus: _random.Next(3) == 0);
        if (roll >= 90)
        {
            return _buffer.AsSpan(0, n); // real messages as they are
        }

        for (var mutations = _random.Next(1, 5); mutations > 0 && n > 0; mutations--)
        {
            n = Mutate(n);
        }

        return _buffer.AsSpan(0, n);
    }

    /// <summary>4–40 consecutive messages of the file into the buffer; returns the length.</summary>
    private int Real(bool runningStatus)
    {
        var count = _random.Next(4, 41);
        var first = _random.Next(0, _starts.Length - 1 - count);
        var n = 0;
        byte running = 0;
        for (var i = first; i < first + count; i++)
        {
            var message = _source.AsSpan(_starts[i], _starts[i + 1] - _starts[i]);
            var skip = runningStatus && message[0] == running ? 1 : 0;
            running = message[0];
            message[skip..].CopyTo(_buffer.AsSpan(n));
            n += message.Length - skip;
        }

        return n;
    }

    private int Mutate(int n)
    {
        var at = _random.Next(n);
        switch (_random.Next(9))
        {
            case 0: // flip one to three bits
                for (var flips = _random.Next(1, 4); flips > 0; flips--)
                {
                    _buffer[_random.Next(n)] ^= (byte)(1 << _random.Next(8));
                }

                return n;
            case 1: // drop a byte
                _buffer.AsSpan(at + 1, n - at - 1).CopyTo(_buffer.AsSpan(at));
                return n - 1;
            case 2: // double a byte
                return Insert(n, at, _buffer[at]);
            case 3: // cut the stream short
                return at;
            case 4: // real-time bytes inside messages (two undefined ones among them)
                return Insert(n, at, s_realTime[_random.Next(s_realTime.Length)]);
            case 5: // a stray status byte
                return Insert(n, at, (byte)_random.Next(0x80, 0x100));
            case 6: // one of the engine's controls, mid-phrase
                return InsertControl(n, at);
            default: // SysEx, whole or cut off by what follows
                return InsertSysEx(n, at, cutOff: _random.Next(2) == 0);
        }
    }

    private int Insert(int n, int at, byte b)
    {
        if (n >= MaxLength)
        {
            return n;
        }

        _buffer.AsSpan(at, n - at).CopyTo(_scratch);
        _buffer[at] = b;
        _scratch.AsSpan(0, n - at).CopyTo(_buffer.AsSpan(at + 1));
        return n + 1;
    }

    private int InsertControl(int n, int at)
    {
        Span<byte> cc = stackalloc byte[3];
        cc[0] = (byte)(0xB0 | _random.Next(16));
        cc[1] = s_controls[_random.Next(s_controls.Length)];
        cc[2] = (byte)_random.Next(128);
        return InsertSpan(n, at, cc);
    }

    private int InsertSysEx(int n, int at, bool cutOff)
    {
        Span<byte> sysex = stackalloc byte[24];
        var length = _random.Next(2, sysex.Length);
        sysex[0] = 0xF0;
        for (var i = 1; i < length; i++)
        {
            sysex[i] = (byte)_random.Next(0x80);
        }

        if (!cutOff)
        {
            sysex[length - 1] = 0xF7;
        }

        return InsertSpan(n, at, sysex[..length]);
    }

    private int InsertSpan(int n, int at, ReadOnlySpan<byte> bytes)
    {
        if (n + bytes.Length > MaxLength)
        {
            return n;
        }

        _buffer.AsSpan(at, n - at).CopyTo(_scratch);
        bytes.CopyTo(_buffer.AsSpan(at));
        _scratch.AsSpan(0, n - at).CopyTo(_buffer.AsSpan(at + bytes.Length));
        return n + bytes.Length;
    }
}
