namespace MusicGen.Live.Midi.Data;

/// <summary>Row kind of an nasap alignment: a matched pair, a score note not played, or a played note not in the score.</summary>
public enum AlignmentKind : byte
{
    /// <summary><c>M</c>: score note matched to a performed note.</summary>
    Match,

    /// <summary><c>D</c>: score note not played (deletion).</summary>
    Deletion,

    /// <summary><c>I</c>: performed note not in the score (insertion).</summary>
    Insertion,
}
