namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// Maps <see cref="PhraseEvent"/>s to compound <see cref="PhraseToken"/>s and back. Time shift and duration use
/// <see cref="LogBins"/>; velocity uses equal bins of <see cref="VelocityStep"/> decoded to their centre (error ≤
/// step/2); pitch is exact within [<see cref="LowestPitch"/>, <see cref="HighestPitch"/>] (the piano by default),
/// and pitches outside are folded in by octaves. Immutable; any thread.
/// </summary>
public sealed class PhraseEncoding
{
    public PhraseEncoding(
        int shiftBins = 96,
        double shiftMin = 0.004,
        double shiftMax = 8.0,
        int durationBins = 64,
        double durationMin = 0.01,
        double durationMax = 10.0,
        int velocityBins = 32,
        int lowestPitch = 21,
        int highestPitch = 108)
    {
        if (lowestPitch < 0 || highestPitch > 127 || highestPitch - lowestPitch < 11)
        {
            throw new ArgumentOutOfRangeException(nameof(lowestPitch), $"phrase encoding: pitch range {lowestPitch}..{highestPitch} must lie in 0..127 and span an octave");
        }

        if (velocityBins is < 2 or > 127 || 128 % velocityBins != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(velocityBins), $"phrase encoding: velocity bins {velocityBins} must divide 128");
        }

        Shift = new LogBins(shiftBins, shiftMin, shiftMax);
        Duration = new LogBins(durationBins, durationMin, durationMax);
        VelocityBins = velocityBins;
        LowestPitch = lowestPitch;
        HighestPitch = highestPitch;
    }

    public static PhraseEncoding Default { get; } = new();

    public LogBins Shift { get; }

    public LogBins Duration { get; }

    public int VelocityBins { get; }

    public int VelocityStep => 128 / VelocityBins;

    public int LowestPitch { get; }

    public int HighestPitch { get; }

    public int PitchCount => HighestPitch - LowestPitch + 1;

    /// <summary>Number of classes of each field, indexed by <see cref="PhraseField"/>.</summary>
    public int ClassCount(PhraseField field) => field switch
    {
        PhraseField.Shift => Shift.Count,
        PhraseField.Kind => 3,
        PhraseField.Pitch => PitchCount,
        PhraseField.Duration => Duration.Count,
        PhraseField.Velocity => VelocityBins,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "unknown phrase field"),
    };

    public int ClassCount(int field) => ClassCount((PhraseField)field);

    /// <summary>Pitch folded into range by whole octaves.</summary>
    public int FoldPitch(int pitch)
    {
        while (pitch < LowestPitch)
        {
            pitch += 12;
        }

        while (pitch > HighestPitch)
        {
            pitch -= 12;
        }

        return pitch;
    }

    public PhraseToken Encode(in PhraseEvent e)
    {
        var shift = Shift.Encode(e.TimeShift);
        if (e.Kind != PhraseEventKind.Note)
        {
            return new PhraseToken(shift, (int)e.Kind, PhraseToken.None, PhraseToken.None, PhraseToken.None);
        }

        var velocity = Math.Clamp(e.Velocity, 1, 127) / VelocityStep;
        return new PhraseToken(shift, 0, FoldPitch(e.Pitch) - LowestPitch, Duration.Encode(e.Duration), velocity);
    }

    public PhraseEvent Decode(in PhraseToken t)
    {
        if (t.Kind is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t.Kind, "phrase token: kind must be 0 (note), 1 (pedal down) or 2 (pedal up)");
        }

        var shift = Shift.Decode(t.Shift);
        if (t.Kind != 0)
        {
            return PhraseEvent.Pedal(shift, t.Kind == (int)PhraseEventKind.PedalDown);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(t.Pitch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t.Pitch, PitchCount);
        ArgumentOutOfRangeException.ThrowIfNegative(t.Velocity);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t.Velocity, VelocityBins);
        return PhraseEvent.Note(shift, t.Pitch + LowestPitch, Duration.Decode(t.Duration), DecodeVelocity(t.Velocity));
    }

    /// <summary>Centre of a velocity bin, at least 1 (velocity 0 would be a note-off).</summary>
    public int DecodeVelocity(int bin) => Math.Max(1, (bin * VelocityStep) + (VelocityStep / 2));
}
