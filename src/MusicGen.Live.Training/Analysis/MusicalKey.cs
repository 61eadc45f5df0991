namespace MusicGen.Live.Training.Analysis;

/// <summary>
/// A major or minor key: its tonic's pitch class (0 = C) and mode. <see cref="InScale"/> is the diatonic scale
/// (major, or natural minor with the raised seventh that harmonic minor adds, since minor-key music uses both).
/// </summary>
public readonly record struct MusicalKey(int Tonic, bool Minor)
{
    private static readonly string[] s_names = ["C", "C♯", "D", "E♭", "E", "F", "F♯", "G", "A♭", "A", "B♭", "B"];
    private static readonly int[] s_major = [0, 2, 4, 5, 7, 9, 11];
    private static readonly int[] s_minor = [0, 2, 3, 5, 7, 8, 10, 11];

    public string Name => $"{PitchClassName(Tonic)} {(Minor ? "minor" : "major")}";

    /// <summary>Whether <paramref name="pitch"/> (a MIDI pitch or pitch class) belongs to the key's scale.</summary>
    public bool InScale(int pitch) => Array.IndexOf(Minor ? s_minor : s_major, (((pitch - Tonic) % 12) + 12) % 12) >= 0;

    public static string PitchClassName(int pitchClass) => s_names[((pitchClass % 12) + 12) % 12];

    /// <summary>
    /// Parses "C:maj", "Gb:min", "F#:maj" (POP909's key annotations): a letter, an optional ♯/♭ (# or b), a colon and
    /// maj or min.
    /// </summary>
    public static MusicalKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':');
        int[] letters = [9, 11, 0, 2, 4, 5, 7]; // A..G
        if (parts.Length != 2 || parts[0].Length is < 1 or > 2 || parts[0][0] is < 'A' or > 'G' || parts[1] is not ("maj" or "min"))
        {
            throw new FormatException($"'{text}' is not a key such as C:maj or Gb:min");
        }

        var tonic = letters[parts[0][0] - 'A'];
        if (parts[0].Length == 2)
        {
            tonic += parts[0][1] switch
            {
                '#' => 1,
                'b' => -1,
                _ => throw new FormatException($"'{text}': accidental must be # or b"),
            };
        }

        return new MusicalKey(((tonic % 12) + 12) % 12, parts[1] == "min");
    }

    public override string ToString() => Name;
}
