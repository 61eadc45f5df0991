namespace MusicGen.Live.Tensors.Kernels;

/// <summary>Double-precision special functions .NET lacks, for the scalar references only (not fast).</summary>
public static class ReferenceMath
{
    /// <summary>erf(x) to ~1e−15: Maclaurin series below |x| = 2, Lentz-free backward continued fraction for erfc above.</summary>
    public static double Erf(double x)
    {
        var ax = Math.Abs(x);
        double r;
        if (ax < 2.0)
        {
            // erf x = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
            double term = ax, sum = ax;
            for (var n = 1; n < 80; n++)
            {
                term *= -ax * ax / n;
                sum += term / ((2 * n) + 1);
            }

            r = 2.0 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            // erfc x = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
            var k = ax;
            for (var n = 120; n >= 1; n--)
            {
                k = ax + (n / 2.0 / k);
            }

            r = 1.0 - (Math.Exp(-ax * ax) / (Math.Sqrt(Math.PI) * k));
        }

        return x < 0 ? -r : r;
    }
}
