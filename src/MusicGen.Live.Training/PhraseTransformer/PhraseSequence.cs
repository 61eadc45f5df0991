using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// The events of one performance in compact columns (11 bytes an event, so the whole corpus fits in memory).
/// Immutable after construction; any thread may read it.
/// </summary>
internal sealed class PhraseSequence
{
    public PhraseSequence(string path, IReadOnlyList<PhraseEvent> events)
    {
        Path = path;
        var n = events.Count;
        Kind = new byte[n];
        Pitch = new byte[n];
        Velocity = new byte[n];
        Shift = new float[n];
        Duration = new float[n];
        for (var i = 0; i < n; i++)
        {
            var e = events[i];
            Kind[i] = (byte)e.Kind;
            Pitch[i] = (byte)e.Pitch;
            Velocity[i] = (byte)e.Velocity;
            Shift[i] = (float)e.TimeShift;
            Duration[i] = (float)e.Duration;
        }
    }

    public PhraseSequence(string path, byte[] kind, byte[] pitch, byte[] velocity, float[] shift, float[] duration)
    {
        Path = path;
        Kind = kind;
        Pitch = pitch;
        Velocity = velocity;
        Shift = shift;
        Duration = duration;
    }

    public string Path { get; }

    /// <summary>Data set the file comes from: the first folder of its path ("nasap", "pop909", ...).</summary>
    public string Dataset => Path.Split('/', 2)[0];

    /// <summary>Style the sequence teaches (a <see cref="Models.StyleNet.StyleNetStyle"/> value), or <see cref="PhraseRunState.NoStyle"/>.</summary>
    public int Style { get; private init; } = PhraseRunState.NoStyle;

    /// <summary>The same events labelled with <paramref name="style"/> (columns shared, not copied).</summary>
    public PhraseSequence WithStyle(int style) => new(Path, Kind, Pitch, Velocity, Shift, Duration) { Style = style };

    public int Count => Kind.Length;

    public byte[] Kind { get; }

    public byte[] Pitch { get; }

    public byte[] Velocity { get; }

    public float[] Shift { get; }

    public float[] Duration { get; }

    public PhraseEvent this[int i] => new((PhraseEventKind)Kind[i], Shift[i], Pitch[i], Duration[i], Velocity[i]);

    /// <summary>Event i transposed by <paramref name="semitones"/> and its times scaled by <paramref name="timeScale"/>.</summary>
    public PhraseEvent Augmented(int i, int semitones, double timeScale) =>
        new((PhraseEventKind)Kind[i], Shift[i] * timeScale, Kind[i] == 0 ? Pitch[i] + semitones : 0, Duration[i] * timeScale, Velocity[i]);

    public PhraseEvent[] ToArray(int start, int count)
    {
        var a = new PhraseEvent[count];
        for (var i = 0; i < count; i++)
        {
            a[i] = this[start + i];
        }

        return a;
    }
}
