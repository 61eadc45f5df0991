namespace MusicGen.Live.Midi;

/// <summary>How <see cref="MidiFile.Read(string, ReadingSettings?)"/> treats malformed files.</summary>
public sealed record ReadingSettings
{
    public static ReadingSettings Strict { get; } = new();

    public static ReadingSettings Lenient { get; } = new() { Policy = InvalidInputPolicy.Lenient };

    public InvalidInputPolicy Policy { get; init; } = InvalidInputPolicy.Strict;
}
