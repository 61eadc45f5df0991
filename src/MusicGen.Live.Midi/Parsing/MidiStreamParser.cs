namespace MusicGen.Live.Midi.Parsing;

/// <summary>
/// Turns the raw bytes of a live MIDI port into <see cref="MidiMessage"/>s, one byte at a time: running status,
/// real-time bytes (0xF8–0xFF) between any two bytes (even inside a message or SysEx) without disturbing it,
/// SysEx of any length delivered in chunks through a buffer the caller sizes once, and resynchronisation after
/// garbage: data bytes with no status are dropped, a status byte abandons an unfinished message, undefined
/// status bytes are dropped; each drop is counted in <see cref="DroppedBytes"/>.
/// Threading: one thread (the port's input callback) calls <see cref="Push"/>/<see cref="Parse"/>; no allocation,
/// no lock, no exception for any input (tested). <see cref="MidiStreamParserReference"/> is the plain version.
/// </summary>
public sealed class MidiStreamParser
{
    private readonly byte[] _sysex;
    private byte _status;      // running status or the status of the message being collected; 0 = none
    private byte _data1;
    private int _have;         // data bytes collected for _status
    private bool _fresh;       // _status has completed no message yet (abandoned, it is a dropped byte too)
    private bool _inSysEx;
    private bool _sysExStarted; // the first chunk of the current SysEx has not been delivered yet when false
    private int _sysExFill;
    private int _lastChunkLength;

    /// <param name="sysExBufferSize">Largest SysEx chunk delivered at once (1–65535 bytes); longer messages come in pieces.</param>
    public MidiStreamParser(int sysExBufferSize = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sysExBufferSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sysExBufferSize, ushort.MaxValue);
        _sysex = new byte[sysExBufferSize];
    }

    /// <summary>Bytes thrown away while resynchronising (garbage, stray data, abandoned partial messages).</summary>
    public long DroppedBytes { get; private set; }

    /// <summary>The bytes of the last SysEx chunk returned; valid until the next call.</summary>
    public ReadOnlySpan<byte> SysExData => _sysex.AsSpan(0, _lastChunkLength);

    /// <summary>Feeds one byte; returns true with a message when that byte completes one.</summary>
    public bool Push(byte b, out MidiMessage message)
    {
        message = default;
        if (b >= 0xF8)
        {
            if (b is 0xF9 or 0xFD)
            {
                DroppedBytes++; // undefined real-time bytes
                return false;
            }

            message = new MidiMessage(MidiMessageKind.RealTime, b, 0, 0);
            return true;
        }

        if (_inSysEx)
        {
            if (b < 0x80)
            {
                _sysex[_sysExFill++] = b;
                if (_sysExFill == _sysex.Length)
                {
                    message = TakeChunk(SysExPart.None);
                    return true;
                }

                return false;
            }

            // F7 ends the SysEx; any other status cuts it short and then starts its own message.
            _inSysEx = false;
            if (b == 0xF7)
            {
                message = TakeChunk(SysExPart.Last);
                return true;
            }

            // A tune request (F6) that cuts a SysEx short is dropped with it: one byte can only give one message.
            message = TakeChunk(SysExPart.Last | SysExPart.Aborted);
            if (StartStatus(b, out _))
            {
                DroppedBytes++;
            }

            return true;
        }

        if (b >= 0x80)
        {
            if (_status != 0)
            {
                DroppedBytes += _have + (_fresh ? 1 : 0); // an unfinished message abandoned by a new status
            }

            return StartStatus(b, out message);
        }

        if (_status == 0)
        {
            DroppedBytes++;
            return false;
        }

        var needed = DataLength(_status);
        if (_have == 0 && needed == 2)
        {
            _data1 = b;
            _have = 1;
            return false;
        }

        var kind = _status < 0xF0 ? MidiMessageKind.Channel : MidiMessageKind.SystemCommon;
        message = needed == 1 ? new MidiMessage(kind, _status, b, 0) : new MidiMessage(kind, _status, _data1, b);
        _have = 0;
        _fresh = false;
        if (_status >= 0xF0)
        {
            _status = 0; // system common messages do not set running status
        }

        return true;
    }

    /// <summary>
    /// Parses <paramref name="input"/> into <paramref name="output"/>; returns the number of messages written and
    /// how many input bytes were used. Stops early when the output is full or after a SysEx chunk (whose bytes
    /// must be read from <see cref="SysExData"/> before the next call).
    /// </summary>
    public int Parse(ReadOnlySpan<byte> input, Span<MidiMessage> output, out int consumed)
    {
        var written = 0;
        consumed = 0;
        while (consumed < input.Length && written < output.Length)
        {
            if (Push(input[consumed++], out var message))
            {
                output[written++] = message;
                if (message.Kind == MidiMessageKind.SysExChunk)
                {
                    break;
                }
            }
        }

        return written;
    }

    /// <summary>Forgets running status and any unfinished message (e.g. after a port reconnects).</summary>
    public void Reset()
    {
        _status = 0;
        _have = 0;
        _inSysEx = false;
        _sysExFill = 0;
    }

    private bool StartStatus(byte b, out MidiMessage message)
    {
        message = default;
        _have = 0;
        switch (b)
        {
            case 0xF0:
                _status = 0;
                _inSysEx = true;
                _sysExStarted = false;
                _sysExFill = 0;
                return false;
            case 0xF7 or 0xF4 or 0xF5:
                _status = 0;
                DroppedBytes++; // stray end of SysEx or undefined status
                return false;
            case 0xF6:
                _status = 0;
                message = new MidiMessage(MidiMessageKind.SystemCommon, b, 0, 0);
                return true;
            default:
                _status = b;
                _fresh = true;
                return false;
        }
    }

    private MidiMessage TakeChunk(SysExPart flags)
    {
        if (!_sysExStarted)
        {
            flags |= SysExPart.First;
            _sysExStarted = true;
        }

        _lastChunkLength = _sysExFill;
        _sysExFill = 0;
        return new MidiMessage(MidiMessageKind.SysExChunk, 0xF0, 0, 0, flags, (ushort)_lastChunkLength);
    }

    private static int DataLength(byte status) => status switch
    {
        >= 0xC0 and < 0xE0 => 1,
        < 0xF0 => 2,
        0xF2 => 2,
        _ => 1, // F1, F3
    };
}
