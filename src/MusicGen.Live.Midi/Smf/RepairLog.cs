namespace MusicGen.Live.Midi.Smf;

/// <summary>
/// Applies the reading policy at one place: strict throws, lenient records the repair and lets the caller go on.
/// A null log means strict.
/// </summary>
internal static class RepairLog
{
    public static void Report(List<MidiRepair>? repairs, MidiErrorKind kind, long offset, string problem, string action)
    {
        if (repairs is null)
        {
            throw new MidiFormatException(kind, offset, problem);
        }

        repairs.Add(new MidiRepair(kind, offset, $"{problem}; {action}"));
    }
}
