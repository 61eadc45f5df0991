namespace MusicGen.Live.Engine.Config;

public sealed class AccompanimentOptions
{
    /// <summary>MIDI channel of accompaniment notes (1–16).</summary>
    public int Channel { get; set; } = 3;

    /// <summary>Most accompaniment notes sounding at once.</summary>
    public int Polyphony { get; set; } = 3;

    /// <summary>Notes stay at least this many semitones below the player's lowest recent note.</summary>
    public int BelowSemitones { get; set; } = 1;

    /// <summary>Width of the accompaniment's register, semitones, below its top.</summary>
    public int RegisterSpan { get; set; } = 19;

    /// <summary>Window for "the player's lowest recent note".</summary>
    public double RecentSeconds { get; set; } = 4;

    /// <summary>Accompaniment stops when the player has been silent this many bars.</summary>
    public double StopAfterBars { get; set; } = 1;
}
