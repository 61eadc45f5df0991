namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The expression control: restores the dynamic range an MAE-trained StyleNet compresses. A model trained for MAE
/// predicts the median of the phrasings a pianist might play, flatter than any one of them; this scales each
/// velocity's deviation from its local mean, <c>v' = m + k·(v − m)</c>, with <c>k = 1 + expression·(s − 1)</c>:
/// expression 0 is the model's own (MAE-optimal) output, 1 the restoring scale <see cref="RestoringScale"/> chosen on
/// nasap valid, up to <see cref="Max"/>. The local mean <c>m</c> is of the model's own velocities over
/// <see cref="DefaultWindow"/> notes: centred for a file (<see cref="ApplyCentred"/>), over past notes only live
/// (<see cref="CausalVelocityExpression"/>), so it reads no more of the future than the model does.
/// </summary>
public static class VelocityExpression
{
    /// <summary>The largest expression accepted.</summary>
    public const float Max = 1.5f;

    /// <summary>The expression <c>humanize</c> and the live engine use unless told otherwise (chosen on nasap valid).</summary>
    public const float Default = 1.0f;

    /// <summary>The deviation scale <c>k</c> at expression 1 (chosen on nasap valid; see the README's expressiveness table).</summary>
    public const float RestoringScale = 1.4f;

    /// <summary>The std (velocity units) of <see cref="ExpressionShape.Sampled"/>'s sampled part at expression 1 (chosen on nasap valid).</summary>
    public const float SampledNoise = 2f;

    /// <summary>Notes in the local mean deviations are scaled around.</summary>
    public const int DefaultWindow = 256;

    /// <summary>The deviation scale <c>k</c> for <paramref name="expression"/>.</summary>
    public static float Scale(float expression) => 1 + (expression * (RestoringScale - 1));

    /// <summary>Throws unless <paramref name="expression"/> is within 0–<see cref="Max"/>.</summary>
    public static void Validate(float expression)
    {
        if (expression is < 0 or > Max || float.IsNaN(expression))
        {
            throw new ArgumentOutOfRangeException(nameof(expression), expression, $"expression must be within 0–{Max}");
        }
    }

    /// <summary>
    /// Applies <paramref name="expression"/> in place around the centred mean of <paramref name="window"/> velocities
    /// (a whole file), with the uniform shape (nothing sampled) and no chords; results within 1–127.
    /// </summary>
    public static void ApplyCentred(Span<float> velocities, float expression, int window = DefaultWindow) =>
        ApplyCentred(velocities, default, expression, ExpressionShape.Uniform, 0, window);

    /// <summary>
    /// Applies <paramref name="expression"/> of <paramref name="shape"/> in place around the centred mean of
    /// <paramref name="window"/> velocities (a whole file); <paramref name="notes"/> (empty: no chords) give the onsets,
    /// <paramref name="seed"/> the sampled part's stream. Results within 1–127.
    /// </summary>
    public static void ApplyCentred(Span<float> velocities, ReadOnlySpan<StyleNetNote> notes, float expression, ExpressionShape shape, ulong seed, int window = DefaultWindow)
    {
        Validate(expression);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        CheckNotes(velocities, notes);
        if (expression == 0 || velocities.IsEmpty)
        {
            return;
        }

        // Prefix sums of velocity, pitch, pitch² and pitch·velocity: each note's window mean and pitch regression in O(1).
        var n = velocities.Length;
        var sums = new double[4, n + 1];
        for (var i = 0; i < n; i++)
        {
            double v = velocities[i], p = notes.IsEmpty ? 0 : notes[i].Pitch;
            sums[0, i + 1] = sums[0, i] + v;
            sums[1, i + 1] = sums[1, i] + p;
            sums[2, i + 1] = sums[2, i] + (p * p);
            sums[3, i + 1] = sums[3, i] + (p * v);
        }

        var sampler = new ExpressionSampler(seed, shape);
        for (var i = 0; i < n; i++)
        {
            int lo = Math.Max(0, i - (window / 2)), hi = Math.Min(n, i - (window / 2) + window);
            double count = hi - lo, sumV = sums[0, hi] - sums[0, lo];
            var pitchPart = notes.IsEmpty ? 0f : ExpressionSampler.PitchPart(count, sumV, sums[1, hi] - sums[1, lo], sums[2, hi] - sums[2, lo], sums[3, hi] - sums[3, lo], notes[i].Pitch);
            velocities[i] = sampler.Next(velocities[i], (float)(sumV / count), pitchPart, notes.IsEmpty ? double.NaN : notes[i].OnsetSeconds, expression);
        }
    }

    /// <summary>Applies <paramref name="expression"/> in place as the live engine does (the uniform shape, no chords): each velocity around the mean of itself and the velocities before it.</summary>
    public static void ApplyCausal(Span<float> velocities, float expression, int window = DefaultWindow) =>
        ApplyCausal(velocities, default, expression, ExpressionShape.Uniform, 0, window);

    /// <summary>Applies <paramref name="expression"/> of <paramref name="shape"/> in place as the live engine does: each velocity around the mean of itself and the velocities before it.</summary>
    public static void ApplyCausal(Span<float> velocities, ReadOnlySpan<StyleNetNote> notes, float expression, ExpressionShape shape, ulong seed, int window = DefaultWindow)
    {
        Validate(expression);
        CheckNotes(velocities, notes);
        if (expression == 0)
        {
            return;
        }

        var run = new CausalVelocityExpression(window, shape, seed);
        for (var i = 0; i < velocities.Length; i++)
        {
            velocities[i] = notes.IsEmpty ? run.Next(velocities[i], expression) : run.Next(velocities[i], expression, notes[i].OnsetSeconds, notes[i].Pitch);
        }
    }

    private static void CheckNotes(Span<float> velocities, ReadOnlySpan<StyleNetNote> notes)
    {
        if (!notes.IsEmpty && notes.Length != velocities.Length)
        {
            throw new ArgumentException($"expression: {notes.Length} notes for {velocities.Length} velocities", nameof(notes));
        }
    }
}
