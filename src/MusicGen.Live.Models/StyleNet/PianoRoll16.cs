namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The article StyleNet's input: a piano roll on a 1/16-note grid, 88 keys (A0 = 21 … C8 = 108), two bits per
/// key and step: [2k] = the key is struck at this step, [2k+1] = the key is held from an earlier step; both 0 =
/// off. Notes map to steps by rounding onset / step length; a note lasts at least one step. The inverse
/// (<see cref="OnsetCells"/>) gives each note's (step, key) cell, where its velocity is read back.
/// Any thread; no allocation beyond the caller's buffers.
/// </summary>
public static class PianoRoll16
{
    public const int Keys = 88;
    public const int LowestPitch = 21;
    public const int Inputs = 2 * Keys;

    /// <summary>Number of steps the notes need.</summary>
    public static int StepCount(ReadOnlySpan<StyleNetNote> notes, double stepSeconds)
    {
        var last = 0;
        foreach (var n in notes)
        {
            var end = Step(n.OnsetSeconds + Math.Max(0, Finite(n.DurationSeconds)), stepSeconds);
            last = Math.Max(last, Math.Max(end, Step(n.OnsetSeconds, stepSeconds) + 1));
        }

        return last;
    }

    /// <summary>Writes the roll of the steps [firstStep, firstStep + steps) into <paramref name="roll"/> [steps, 176] (cleared first).</summary>
    public static void Encode(ReadOnlySpan<StyleNetNote> notes, double stepSeconds, int firstStep, int steps, Span<float> roll)
    {
        roll[..(steps * Inputs)].Clear();
        foreach (var n in notes)
        {
            var key = n.Pitch - LowestPitch;
            if ((uint)key >= Keys)
            {
                continue;
            }

            var on = Step(n.OnsetSeconds, stepSeconds);
            var end = Math.Max(on + 1, Step(n.OnsetSeconds + Math.Max(0, Finite(n.DurationSeconds)), stepSeconds));
            if (end <= firstStep || on >= firstStep + steps)
            {
                continue;
            }

            if (on >= firstStep)
            {
                roll[((on - firstStep) * Inputs) + (2 * key)] = 1;
            }

            for (var s = Math.Max(on + 1, firstStep); s < Math.Min(end, firstStep + steps); s++)
            {
                var cell = ((s - firstStep) * Inputs) + (2 * key);
                if (roll[cell] == 0)
                {
                    roll[cell + 1] = 1;
                }
            }
        }
    }

    /// <summary>(step, key) of each note's onset cell; key −1 for pitches outside the 88 keys.</summary>
    public static void OnsetCells(ReadOnlySpan<StyleNetNote> notes, double stepSeconds, Span<(int Step, int Key)> cells)
    {
        for (var i = 0; i < notes.Length; i++)
        {
            var key = notes[i].Pitch - LowestPitch;
            cells[i] = (Step(notes[i].OnsetSeconds, stepSeconds), (uint)key < Keys ? key : -1);
        }
    }

    public static int Step(double seconds, double stepSeconds) => (int)Math.Round(Math.Max(0, seconds) / stepSeconds);

    private static double Finite(double d) => double.IsFinite(d) ? d : 0;
}
