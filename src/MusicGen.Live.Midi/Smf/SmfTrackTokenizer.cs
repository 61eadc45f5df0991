using System.Runtime.CompilerServices;

namespace MusicGen.Live.Midi.Smf;

/// <summary>
/// Walks the events of one <c>MTrk</c> body without allocating: delta times, running status, channel messages,
/// meta and SysEx (payload as a range of the file), the few system messages some files carry. Stops at the
/// end-of-track meta event (not returned; its tick is <see cref="EndTick"/>). Problems go through
/// <see cref="RepairLog"/>: strict throws with the byte offset, lenient repairs and reports.
/// </summary>
internal ref struct SmfTrackTokenizer
{
    private readonly ReadOnlySpan<byte> _file;
    private readonly int _end;
    private readonly List<MidiRepair>? _repairs;
    private int _pos;
    private byte _running;
    private long _tick;
    private bool _done;

    public SmfTrackTokenizer(ReadOnlySpan<byte> file, TrackChunk chunk, List<MidiRepair>? repairs)
    {
        _file = file;
        _pos = chunk.Start;
        _end = chunk.End;
        _repairs = repairs;
    }

    /// <summary>Tick of the end-of-track event, or of the last event when the track lacked one (lenient).</summary>
    public long EndTick { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Next(out SmfToken token)
    {
        token = default;
        if (_done)
        {
            return false;
        }

        var pos = _pos;
        var end = _end;
        var file = _file;
        token.Offset = pos;

        // Fast path: a one-byte delta followed by a complete channel message with an explicit or running status.
        if (pos + 3 < end)
        {
            int delta = file[pos];
            if (delta < 0x80)
            {
                int b = file[pos + 1];
                int status;
                int dataPos;
                if (b >= 0x80)
                {
                    status = b;
                    dataPos = pos + 2;
                }
                else
                {
                    status = _running;
                    dataPos = pos + 1;
                }

                if (status is >= 0x80 and < 0xF0 and not (>= 0xC0 and < 0xE0) && dataPos + 1 < end)
                {
                    int d1 = file[dataPos];
                    int d2 = file[dataPos + 1];
                    if ((d1 | d2) < 0x80)
                    {
                        _tick += delta;
                        _running = (byte)status;
                        token.Tick = _tick;
                        token.Status = (byte)status;
                        token.Data1 = (byte)d1;
                        token.Data2 = (byte)d2;
                        _pos = dataPos + 2;
                        return true;
                    }
                }
            }
        }

        return NextSlow(ref token);
    }

    private bool NextSlow(ref SmfToken token)
    {
        while (true)
        {
            if (_pos >= _end)
            {
                RepairLog.Report(_repairs, MidiErrorKind.MissingEndOfTrack, _end, "track ends without an end-of-track event", "closed it at its last event");
                return Finish(_tick);
            }

            token.Offset = _pos;
            if (!TryReadVarLen(out var delta))
            {
                return Finish(_tick);
            }

            _tick += delta;
            token.Tick = _tick;
            if (_pos >= _end)
            {
                RepairLog.Report(_repairs, MidiErrorKind.TruncatedEvent, _pos, "track ends after a delta time", "closed the track there");
                return Finish(_tick);
            }

            int status = _file[_pos];
            if (status >= 0x80)
            {
                _pos++;
            }
            else if (_running != 0)
            {
                status = _running;
            }
            else
            {
                RepairLog.Report(_repairs, MidiErrorKind.MissingStatus, _pos, $"data byte 0x{status:X2} with no running status", "skipped to the next status byte");
                while (_pos < _end && _file[_pos] < 0x80)
                {
                    _pos++;
                }

                if (_pos >= _end)
                {
                    return Finish(_tick);
                }

                status = _file[_pos++];
            }

            token.Status = (byte)status;
            if (status < 0xF0)
            {
                _running = (byte)status;
                var needed = (status & 0xE0) == 0xC0 ? 1 : 2;
                if (_end - _pos < needed)
                {
                    RepairLog.Report(_repairs, MidiErrorKind.TruncatedEvent, _pos, $"channel message 0x{status:X2} cut short", "dropped it and closed the track");
                    return Finish(_tick);
                }

                token.Data1 = DataByte(_pos);
                token.Data2 = needed == 2 ? DataByte(_pos + 1) : (byte)0;
                _pos += needed;
                return true;
            }

            // Meta, SysEx and system messages cancel running status (SMF 1.0).
            _running = 0;
            if (status == 0xFF)
            {
                if (_pos >= _end)
                {
                    RepairLog.Report(_repairs, MidiErrorKind.TruncatedEvent, _pos, "meta event without a type", "closed the track");
                    return Finish(_tick);
                }

                token.Data1 = _file[_pos++];
                if (!TryReadPayload(ref token))
                {
                    return Finish(_tick);
                }

                if (token.Data1 == MetaEventType.EndOfTrack)
                {
                    if (_pos < _end)
                    {
                        RepairLog.Report(_repairs, MidiErrorKind.DataAfterEndOfTrack, _pos, $"{_end - _pos} bytes after the end-of-track event", "ignored them");
                    }

                    return Finish(_tick);
                }

                return true;
            }

            if (status is 0xF0 or 0xF7)
            {
                return TryReadPayload(ref token) || Finish(_tick);
            }

            if (status is 0xF4 or 0xF5)
            {
                RepairLog.Report(_repairs, MidiErrorKind.UndefinedStatus, _pos - 1, $"undefined status 0x{status:X2}", "skipped it");
                continue;
            }

            // System common / real-time bytes (F1–F3, F6, F8–FE): not allowed by SMF 1.0 but found in files; read
            // them as mido does, with their data bytes.
            var length = status switch { 0xF2 => 2, 0xF1 or 0xF3 => 1, _ => 0 };
            if (_end - _pos < length)
            {
                RepairLog.Report(_repairs, MidiErrorKind.TruncatedEvent, _pos, $"system message 0x{status:X2} cut short", "closed the track");
                return Finish(_tick);
            }

            token.Data1 = length > 0 ? DataByte(_pos) : (byte)0;
            token.Data2 = length > 1 ? DataByte(_pos + 1) : (byte)0;
            _pos += length;
            return true;
        }
    }

    private byte DataByte(int at)
    {
        var b = _file[at];
        if (b >= 0x80)
        {
            RepairLog.Report(_repairs, MidiErrorKind.InvalidDataByte, at, $"byte 0x{b:X2} where a data byte belongs", "kept its low 7 bits");
            b &= 0x7F;
        }

        return b;
    }

    private bool TryReadPayload(ref SmfToken token)
    {
        var lengthAt = _pos;
        if (!TryReadVarLen(out var length))
        {
            return false;
        }

        var available = _end - _pos;
        if (length > available)
        {
            RepairLog.Report(_repairs, MidiErrorKind.TruncatedEvent, lengthAt, $"event declares {length} bytes but the track has {available} left", "kept what is there and closed the track");
            token.PayloadStart = _pos;
            token.PayloadLength = available;
            _pos = _end;
            return false;
        }

        token.PayloadStart = _pos;
        token.PayloadLength = (int)length;
        _pos += (int)length;
        return true;
    }

    private bool TryReadVarLen(out long value)
    {
        value = 0;
        for (var i = 0; i < 4; i++)
        {
            if (_pos >= _end)
            {
                RepairLog.Report(_repairs, MidiErrorKind.TruncatedEvent, _pos, "track ends inside a variable-length number", "closed the track");
                return false;
            }

            var b = _file[_pos++];
            value = value << 7 | (uint)(b & 0x7F);
            if (b < 0x80)
            {
                return true;
            }
        }

        RepairLog.Report(_repairs, MidiErrorKind.InvalidVariableLength, _pos - 4, "variable-length number longer than 4 bytes", "closed the track");
        return false;
    }

    private bool Finish(long endTick)
    {
        EndTick = endTick;
        _done = true;
        _pos = _end;
        return false;
    }
}
