namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// The reference points every velocity model must beat: a flat velocity (64), the piece's own mean velocity
/// (an oracle: it knows the answer's average), and a DAW-style random humanize (64 ± 10, uniform, seeded per
/// piece so the table is reproducible).
/// </summary>
public static class VelocityBaselines
{
    public static void Flat(Span<float> velocities, float value = 64f) => velocities.Fill(value);

    public static void PieceMean(ReadOnlySpan<byte> targets, Span<float> velocities)
    {
        double sum = 0;
        foreach (var v in targets)
        {
            sum += v;
        }

        velocities[..targets.Length].Fill(targets.Length == 0 ? 64f : (float)(sum / targets.Length));
    }

    public static void RandomHumanize(string pieceName, Span<float> velocities, float center = 64f, int range = 10)
    {
        // A stable per-piece seed (string.GetHashCode is randomised per process).
        var seed = 17;
        foreach (var c in pieceName)
        {
            seed = unchecked((seed * 31) + c);
        }

        var rng = new Random(seed);
        for (var i = 0; i < velocities.Length; i++)
        {
            velocities[i] = center + rng.Next(-range, range + 1);
        }
    }

    /// <summary>
    /// Diagnostic (oracle): shifts <paramref name="velocities"/> by the mean of (target − prediction) over the
    /// piece, so what remains is the error in the shape of the dynamics, not in the piece's overall level.
    /// </summary>
    public static void RemovePieceOffset(ReadOnlySpan<byte> targets, Span<float> velocities)
    {
        if (targets.Length == 0)
        {
            return;
        }

        double error = 0;
        for (var i = 0; i < targets.Length; i++)
        {
            error += targets[i] - velocities[i];
        }

        var shift = (float)(error / targets.Length);
        for (var i = 0; i < targets.Length; i++)
        {
            velocities[i] += shift;
        }
    }
}
