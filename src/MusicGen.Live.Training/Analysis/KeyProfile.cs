namespace MusicGen.Live.Training.Analysis;

/// <summary>The probe-tone profiles <see cref="KeyFinder"/> correlates a pitch-class histogram with.</summary>
public enum KeyProfile
{
    /// <summary>Krumhansl &amp; Kessler (1982): listeners' ratings of each pitch class after a key-defining context.</summary>
    KrumhanslKessler,

    /// <summary>
    /// Aarden (2003), from the Essen folk-song collection: how often each scale degree occurs in melodies. Reads a
    /// melody without harmony better, since it nearly forbids the pitch classes a key's melodies avoid.
    /// </summary>
    AardenEssen,
}
