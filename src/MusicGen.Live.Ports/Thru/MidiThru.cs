using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Parsing;

namespace MusicGen.Live.Ports.Thru;

/// <summary>
/// Passes every well-formed input message straight to an output inside the input's callback, keeping its
/// timestamp (so a JACK output places it at the same frame offset: in-cycle thru), and tracks sounding notes.
/// Every byte goes through a <see cref="MidiStreamParser"/> first: garbage, stray data bytes and unfinished
/// messages never reach the output (counted in <see cref="Rejected"/>); running status is written out in full;
/// a SysEx passes whole (F0 … F7) when it ends properly and fits <see cref="MaxSysExBytes"/>, else it is rejected.
/// </summary>
/// <remarks>
/// Threading: <see cref="Receive"/> runs on the input's real-time thread, one call at a time; it parses into
/// buffers made at construction, writes to the output and updates the <see cref="NoteTracker"/>: no
/// allocation, lock or throw. <see cref="Run"/> and <see cref="StopAndRelease"/> run on the control thread;
/// the counters may be read from any thread.
/// </remarks>
public sealed class MidiThru(IMidiInput input, IMidiOutput output) : IMidiReceiver
{
    /// <summary>Longest SysEx passed through (data bytes, without F0 and F7).</summary>
    public const int MaxSysExBytes = ushort.MaxValue;

    private readonly MidiStreamParser _parser = new(MaxSysExBytes);
    private readonly byte[] _frame = new byte[MaxSysExBytes + 2]; // F0, data, F7
    private int _frameFill;  // data bytes of the current SysEx in _frame (a long one arrives in chunks)
    private long _sysExBytes; // data bytes of the current SysEx so far; past MaxSysExBytes it is rejected whole
    private long _passed;
    private long _rejectedSysEx;

    public NoteTracker Notes { get; } = new();

    /// <summary>Messages passed to the output.</summary>
    public long Passed => Interlocked.Read(ref _passed);

    /// <summary>Input bytes rejected: malformed (the parser's count) and SysEx cut off or too long.</summary>
    public long Rejected => _parser.DroppedBytes + Volatile.Read(ref _rejectedSysEx);

    public void Receive(ReadOnlySpan<byte> message, long timestamp)
    {
        Span<byte> bytes = stackalloc byte[3];
        foreach (var b in message)
        {
            if (!_parser.Push(b, out var m))
            {
                continue;
            }

            if (m.Kind == MidiMessageKind.SysExChunk)
            {
                SysEx(m, timestamp);
                continue;
            }

            bytes[0] = m.Status;
            bytes[1] = m.Data1;
            bytes[2] = m.Data2;
            Send(bytes[..Length(m)], timestamp);
        }
    }

    /// <summary>Starts passing messages.</summary>
    public void Run() => input.Start(this);

    /// <summary>Stops the input, then sends note-offs for notes still sounding (if the output still stands). Returns how many.</summary>
    public int StopAndRelease()
    {
        if (input.State is MidiPortState.Running or MidiPortState.Lost)
        {
            input.Stop();
        }

        return output.State == MidiPortState.Running ? Notes.ReleaseAll(output) : 0;
    }

    private void SysEx(in MidiMessage m, long timestamp)
    {
        if ((m.Part & SysExPart.First) != 0)
        {
            _frameFill = 0;
            _sysExBytes = 0;
        }

        var data = _parser.SysExData;
        _sysExBytes += data.Length;
        if (_sysExBytes <= MaxSysExBytes)
        {
            data.CopyTo(_frame.AsSpan(1 + _frameFill));
            _frameFill += data.Length;
        }

        if ((m.Part & SysExPart.Last) == 0)
        {
            return;
        }

        if (_sysExBytes > MaxSysExBytes || (m.Part & SysExPart.Aborted) != 0)
        {
            // Its F0 and data; a status byte that cut it short starts its own message and is not counted here.
            Volatile.Write(ref _rejectedSysEx, _rejectedSysEx + _sysExBytes + 1);
        }
        else
        {
            _frame[0] = 0xF0;
            _frame[_frameFill + 1] = 0xF7;
            Send(_frame.AsSpan(0, _frameFill + 2), timestamp);
        }
    }

    private void Send(ReadOnlySpan<byte> bytes, long timestamp)
    {
        if (output.SendAt(bytes, timestamp))
        {
            Notes.Track(bytes);
            Interlocked.Increment(ref _passed);
        }
    }

    private static int Length(in MidiMessage m) => m.Kind switch
    {
        MidiMessageKind.RealTime => 1,
        MidiMessageKind.SystemCommon => m.Status switch { 0xF2 => 3, 0xF6 => 1, _ => 2 },
        _ => m.Status is >= 0xC0 and < 0xE0 ? 2 : 3,
    };
}
