namespace MusicGen.Live.Tensors.Tests.Kernels;

/// <summary>Random data and tolerance checks shared by kernel and layer tests.</summary>
internal static class Close
{
    public static float[] Random(Random rng, int n, float scale = 1f)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1) * scale;
        }

        return x;
    }

    /// <summary>|actual − expected| ≤ atol + rtol·|expected| everywhere; the message names the first bad index.</summary>
    public static void All(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float rtol = 1e-4f, float atol = 1e-5f, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var a = actual[i];
            if (!(Math.Abs(a - e) <= atol + (rtol * Math.Abs(e))))
            {
                Assert.Fail($"{what} index {i}: expected {e:R}, got {a:R} (|diff| {Math.Abs(a - e):R})");
            }
        }
    }
}
