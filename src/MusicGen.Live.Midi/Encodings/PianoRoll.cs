namespace MusicGen.Live.Midi.Encodings;

/// <summary>
/// The StyleNet piano roll: one frame per 1/16 note (a quarter note's ticks / 4), 88 keys (A0 = MIDI 21 … C8 = 108),
/// two values per key: a note starting in this step = [1, 1], still sounding = [0, 1], silent = [0, 0].
/// Layout of a roll of S steps: float[S × 176], index = step × 176 + key × 2 + (0: onset, 1: sounding).
/// Grid rule: onset step = round(onset tick / step), offset step = round(offset tick / step), and a note lasts at
/// least one step. Pitches outside the 88 keys are left out (counted by <see cref="Encode"/>).
/// </summary>
public static class PianoRoll
{
    public const int Keys = 88;
    public const int LowestPitch = 21;
    public const int FeaturesPerStep = Keys * 2;
    public const int StepsPerQuarterNote = 4;

    /// <summary>Ticks per 1/16 step for a PPQ division (fractional when the PPQ is not a multiple of 4).</summary>
    public static double StepTicks(MidiDivision division)
    {
        if (division.IsSmpte)
        {
            throw new ArgumentException("the piano roll is a musical grid and needs a PPQ division, not SMPTE time", nameof(division));
        }

        return division.TicksPerQuarterNote / (double)StepsPerQuarterNote;
    }

    /// <summary>Encodes notes on the 1/16 grid of <paramref name="division"/>; returns float[steps × 176].</summary>
    public static float[] Encode(IReadOnlyList<Note> notes, MidiDivision division, out int steps, out int skippedNotes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var stepTicks = StepTicks(division);
        steps = 0;
        skippedNotes = 0;
        foreach (var n in notes)
        {
            steps = Math.Max(steps, OffStep(n, stepTicks));
        }

        var roll = new float[(long)steps * FeaturesPerStep];
        foreach (var n in notes)
        {
            var key = n.Pitch - LowestPitch;
            if ((uint)key >= Keys)
            {
                skippedNotes++;
                continue;
            }

            var on = OnStep(n, stepTicks);
            var off = OffStep(n, stepTicks);
            roll[on * FeaturesPerStep + key * 2] = 1;
            for (var s = on; s < off; s++)
            {
                roll[s * FeaturesPerStep + key * 2 + 1] = 1;
            }
        }

        return roll;
    }

    /// <summary>
    /// The velocity targets beside <see cref="Encode"/>: float[steps × 88], the note's velocity at its onset step and
    /// 0 elsewhere (when two notes of a key start in one step, the louder wins).
    /// </summary>
    public static float[] EncodeVelocities(IReadOnlyList<Note> notes, MidiDivision division, int steps)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var stepTicks = StepTicks(division);
        var velocities = new float[(long)steps * Keys];
        foreach (var n in notes)
        {
            var key = n.Pitch - LowestPitch;
            var on = OnStep(n, stepTicks);
            if ((uint)key < Keys && on < steps)
            {
                ref var v = ref velocities[on * Keys + key];
                v = Math.Max(v, n.Velocity);
            }
        }

        return velocities;
    }

    /// <summary>
    /// Notes from a roll: a note starts where the onset value is ≥ <paramref name="threshold"/> (or where the
    /// sounding value rises without one) and lasts while the sounding value stays ≥ threshold. Velocities come from
    /// <paramref name="velocities"/> (float[steps × 88], 0–127, read at the onset step) or are
    /// <paramref name="defaultVelocity"/>. Ticks are on the grid; seconds come from <paramref name="tempo"/>.
    /// Output is ordered by onset, then pitch.
    /// </summary>
    public static List<Note> Decode(ReadOnlySpan<float> roll, TempoMap tempo, ReadOnlySpan<float> velocities = default, int defaultVelocity = 64, float threshold = 0.5f, int channel = 0, int track = 0)
    {
        ArgumentNullException.ThrowIfNull(tempo);
        if (roll.Length % FeaturesPerStep != 0)
        {
            throw new ArgumentException($"roll length {roll.Length} is not a multiple of {FeaturesPerStep}", nameof(roll));
        }

        var steps = roll.Length / FeaturesPerStep;
        if (!velocities.IsEmpty && velocities.Length != steps * Keys)
        {
            throw new ArgumentException($"velocities hold {velocities.Length} values, {steps * Keys} expected (steps × 88)", nameof(velocities));
        }

        var stepTicks = StepTicks(tempo.Division);
        var notes = new List<Note>();
        Span<int> start = stackalloc int[Keys];
        start.Fill(-1);
        for (var s = 0; s <= steps; s++)
        {
            for (var k = 0; k < Keys; k++)
            {
                var sounding = s < steps && roll[s * FeaturesPerStep + k * 2 + 1] >= threshold;
                var onset = s < steps && roll[s * FeaturesPerStep + k * 2] >= threshold;
                if (start[k] >= 0 && (!sounding || onset))
                {
                    notes.Add(MakeNote(start[k], s, k, velocities.IsEmpty ? defaultVelocity : (int)Math.Round(velocities[start[k] * Keys + k])));
                    start[k] = -1;
                }

                if (sounding && start[k] < 0)
                {
                    start[k] = s;
                }
            }
        }

        notes.Sort(static (a, b) => a.OnTick != b.OnTick ? a.OnTick.CompareTo(b.OnTick) : a.Pitch.CompareTo(b.Pitch));
        return notes;

        Note MakeNote(int from, int to, int key, int velocity)
        {
            var on = (long)Math.Round(from * stepTicks);
            var off = (long)Math.Round(to * stepTicks);
            return new Note(track, (byte)channel, (byte)(key + LowestPitch), (byte)Math.Clamp(velocity, 1, 127), on, off, tempo.ToSeconds(on), tempo.ToSeconds(off));
        }
    }

    private static int OnStep(Note n, double stepTicks) => (int)Math.Round(n.OnTick / stepTicks, MidpointRounding.AwayFromZero);

    private static int OffStep(Note n, double stepTicks) =>
        Math.Max(OnStep(n, stepTicks) + 1, (int)Math.Round(n.OffTick / stepTicks, MidpointRounding.AwayFromZero));
}
