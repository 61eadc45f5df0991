using MusicGen.Live.Midi.Smf;

namespace MusicGen.Live.Midi;

/// <summary>
/// Reads notes straight from Standard MIDI File bytes without building the event lists: the fast path for
/// data loaders and the benchmark. Reuses its file buffer and pairing tables between calls, so reading many files
/// allocates almost nothing besides the notes themselves (and nothing per note when the caller reuses its list).
/// Gives the same notes as <c>MidiFile.Read(...).GetNotes(...)</c> (tested on the whole data set).
/// Not thread-safe: use one reader per thread.
/// </summary>
public sealed class MidiNoteReader
{
    private readonly List<TrackChunk> _chunks = [];
    private readonly NoteBuilder _builder = new();
    private readonly List<MidiRepair> _repairs = [];
    private byte[] _buffer = new byte[64 * 1024];

    public MidiNoteReader(NoteSettings? notes = null, ReadingSettings? reading = null)
    {
        NoteSettings = notes ?? NoteSettings.Default;
        ReadingSettings = reading ?? ReadingSettings.Strict;
    }

    public NoteSettings NoteSettings { get; }

    public ReadingSettings ReadingSettings { get; }

    /// <summary>Repairs made by the last call under the lenient policy.</summary>
    public IReadOnlyList<MidiRepair> Repairs => _repairs;

    /// <summary>Bytes of the last file read through <see cref="ReadFile"/>.</summary>
    public int LastFileLength { get; private set; }

    /// <summary>Appends the notes of the file at <paramref name="path"/> to <paramref name="destination"/>; returns how many.</summary>
    public int ReadFile(string path, List<Note> destination)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new MidiFormatException(MidiErrorKind.NotAMidiFile, 0, $"{path} is {length} bytes, too large for a MIDI file");
        }

        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2L)];
        }

        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(handle, _buffer.AsSpan(read, (int)length - read), read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        LastFileLength = read;
        return Read(_buffer.AsSpan(0, read), destination);
    }

    /// <summary>Appends the notes of an in-memory file to <paramref name="destination"/>; returns how many.</summary>
    public int Read(ReadOnlySpan<byte> smf, List<Note> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _repairs.Clear();
        var repairs = ReadingSettings.Policy == InvalidInputPolicy.Lenient ? _repairs : null;
        var header = SmfHeader.Parse(smf, _chunks, repairs);
        var first = destination.Count;
        _builder.Begin();
        for (var t = 0; t < _chunks.Count; t++)
        {
            _builder.BeginTrack(t);
            var tokens = new SmfTrackTokenizer(smf, _chunks[t], repairs);
            while (tokens.Next(out var token))
            {
                if (token.Status < 0xF0)
                {
                    _builder.ChannelMessage(token.Tick, token.Status, token.Data1, token.Data2);
                }
                else if (token.Status == 0xFF && token.Data1 == MetaEventType.Tempo)
                {
                    if (token.PayloadLength == 3)
                    {
                        var p = smf.Slice(token.PayloadStart, 3);
                        _builder.Tempo(token.Tick, p[0] << 16 | p[1] << 8 | p[2]);
                    }
                    else
                    {
                        RepairLog.Report(repairs, MidiErrorKind.InvalidMetaEvent, token.Offset, $"tempo event with {token.PayloadLength} bytes instead of 3", "dropped it");
                    }
                }
            }

            _builder.EndTrack(tokens.EndTick);
        }

        _builder.Finish(header.Format, header.Division, NoteSettings, destination);
        return destination.Count - first;
    }
}
