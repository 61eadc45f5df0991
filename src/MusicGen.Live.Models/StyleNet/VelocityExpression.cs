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

    /// <summary>Applies <paramref name="expression"/> in place around the centred mean of <paramref name="window"/> velocities (a whole file); results within 1–127.</summary>
    public static void ApplyCentred(Span<float> velocities, float expression, int window = DefaultWindow)
    {
        Validate(expression);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (expression == 0 || velocities.IsEmpty)
        {
            return;
        }

        var k = Scale(expression);
        var prefix = new double[velocities.Length + 1];
        for (var i = 0; i < velocities.Length; i++)
        {
            prefix[i + 1] = prefix[i] + velocities[i];
        }

        for (var i = 0; i < velocities.Length; i++)
        {
            int lo = Math.Max(0, i - (window / 2)), hi = Math.Min(velocities.Length, i - (window / 2) + window);
            var mean = (float)((prefix[hi] - prefix[lo]) / (hi - lo));
            velocities[i] = Math.Clamp(mean + (k * (velocities[i] - mean)), 1f, 127f);
        }
    }

    /// <summary>Applies <paramref name="expression"/> in place as the live engine does: each velocity around the mean of itself and the velocities before it.</summary>
    public static void ApplyCausal(Span<float> velocities, float expression, int window = DefaultWindow)
    {
        Validate(expression);
        if (expression == 0)
        {
            return;
        }

        var run = new CausalVelocityExpression(window);
        for (var i = 0; i < velocities.Length; i++)
        {
            velocities[i] = run.Next(velocities[i], expression);
        }
    }
}
