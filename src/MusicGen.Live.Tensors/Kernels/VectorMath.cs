using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Vectorised transcendental functions the activation and LSTM kernels share, at Vector512, Vector256
/// Vector128 and scalar width with the same formulas (so a ragged tail rounds like the body). Pure functions.
/// </summary>
public static class VectorMath
{

    /// <summary>
    /// e^x, Cephes expf: x = n·ln2 + r, |r| ≤ ln2/2, a degree-6 polynomial for e^r, 2^n built in the exponent
    /// bits (relative error ~1e−7). Kept here, inlined, rather than calling the library's Exp: that is a
    /// separate tiered method, and a kernel must not depend on when the JIT gets round to promoting it.
    /// Inputs are clamped to [−87.3, 88.3], so the result is finite and never NaN for finite x.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-87.3f)), Vector512.Create(88.3f));
        var n = Vector512.Round(x * Vector512.Create(1.44269504089f));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-0.693359375f), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(2.12194440e-4f), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(1.9875691500E-4f), r, Vector512.Create(1.3981999507E-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073E-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894E-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459E-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201E-1f));
        p = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512.Create(1f);
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();
        return p * scale;
    }

    /// <summary>tanh: Cephes odd polynomial below |x| = 0.625 (keeps relative precision near 0), 1 − 2/(e^{2|x|}+1) above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var ax = Vector512.Abs(x);
        var z = x * x;
        var poly = Vector512.FusedMultiplyAdd(Vector512.Create(-5.70498872745E-3f), z, Vector512.Create(2.06390887954E-2f));
        poly = Vector512.FusedMultiplyAdd(poly, z, Vector512.Create(-5.37397155531E-2f));
        poly = Vector512.FusedMultiplyAdd(poly, z, Vector512.Create(1.33314422036E-1f));
        poly = Vector512.FusedMultiplyAdd(poly, z, Vector512.Create(-3.33332819422E-1f));
        var small = Vector512.FusedMultiplyAdd(poly * z, x, x);
        var e = Exp(Vector512.Min(ax + ax, Vector512.Create(88f)));
        var big = Vector512.Create(1f) - (Vector512.Create(2f) / (e + Vector512.Create(1f)));
        big = Vector512.CopySign(big, x);
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(0.625f)), small, big);
    }

    /// <summary>σ(x) = 1 / (1 + e^{−x}); saturates cleanly (e^{−x} = ∞ gives 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512.Create(1f) / (Vector512.Create(1f) + Exp(-x));

    /// <summary>erf by Abramowitz–Stegun 7.1.26 (|error| ≤ 1.5e−7), the polynomial PyTorch's vectorised erf uses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Erf(Vector512<float> x)
    {
        var ax = Vector512.Abs(x);
        var t = Vector512.Create(1f) / Vector512.FusedMultiplyAdd(Vector512.Create(0.3275911f), ax, Vector512.Create(1f));
        var poly = Vector512.FusedMultiplyAdd(Vector512.Create(1.061405429f), t, Vector512.Create(-1.453152027f));
        poly = Vector512.FusedMultiplyAdd(poly, t, Vector512.Create(1.421413741f));
        poly = Vector512.FusedMultiplyAdd(poly, t, Vector512.Create(-0.284496736f));
        poly = Vector512.FusedMultiplyAdd(poly, t, Vector512.Create(0.254829592f));
        poly *= t;
        var r = Vector512.Create(1f) - (poly * Exp(-(ax * ax)));
        return Vector512.CopySign(r, x);
    }


    /// <summary>
    /// e^x, Cephes expf: x = n·ln2 + r, |r| ≤ ln2/2, a degree-6 polynomial for e^r, 2^n built in the exponent
    /// bits (relative error ~1e−7). Kept here, inlined, rather than calling the library's Exp: that is a
    /// separate tiered method, and a kernel must not depend on when the JIT gets round to promoting it.
    /// Inputs are clamped to [−87.3, 88.3], so the result is finite and never NaN for finite x.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-87.3f)), Vector256.Create(88.3f));
        var n = Vector256.Round(x * Vector256.Create(1.44269504089f));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-0.693359375f), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(2.12194440e-4f), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(1.9875691500E-4f), r, Vector256.Create(1.3981999507E-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073E-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894E-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459E-1f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201E-1f));
        p = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256.Create(1f);
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
        return p * scale;
    }

    /// <summary>tanh: Cephes odd polynomial below |x| = 0.625 (keeps relative precision near 0), 1 − 2/(e^{2|x|}+1) above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var ax = Vector256.Abs(x);
        var z = x * x;
        var poly = Vector256.FusedMultiplyAdd(Vector256.Create(-5.70498872745E-3f), z, Vector256.Create(2.06390887954E-2f));
        poly = Vector256.FusedMultiplyAdd(poly, z, Vector256.Create(-5.37397155531E-2f));
        poly = Vector256.FusedMultiplyAdd(poly, z, Vector256.Create(1.33314422036E-1f));
        poly = Vector256.FusedMultiplyAdd(poly, z, Vector256.Create(-3.33332819422E-1f));
        var small = Vector256.FusedMultiplyAdd(poly * z, x, x);
        var e = Exp(Vector256.Min(ax + ax, Vector256.Create(88f)));
        var big = Vector256.Create(1f) - (Vector256.Create(2f) / (e + Vector256.Create(1f)));
        big = Vector256.CopySign(big, x);
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.625f)), small, big);
    }

    /// <summary>σ(x) = 1 / (1 + e^{−x}); saturates cleanly (e^{−x} = ∞ gives 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256.Create(1f) / (Vector256.Create(1f) + Exp(-x));

    /// <summary>erf by Abramowitz–Stegun 7.1.26 (|error| ≤ 1.5e−7), the polynomial PyTorch's vectorised erf uses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Erf(Vector256<float> x)
    {
        var ax = Vector256.Abs(x);
        var t = Vector256.Create(1f) / Vector256.FusedMultiplyAdd(Vector256.Create(0.3275911f), ax, Vector256.Create(1f));
        var poly = Vector256.FusedMultiplyAdd(Vector256.Create(1.061405429f), t, Vector256.Create(-1.453152027f));
        poly = Vector256.FusedMultiplyAdd(poly, t, Vector256.Create(1.421413741f));
        poly = Vector256.FusedMultiplyAdd(poly, t, Vector256.Create(-0.284496736f));
        poly = Vector256.FusedMultiplyAdd(poly, t, Vector256.Create(0.254829592f));
        poly *= t;
        var r = Vector256.Create(1f) - (poly * Exp(-(ax * ax)));
        return Vector256.CopySign(r, x);
    }


    /// <summary>σ(x) = 1 / (1 + e^{−x}); saturates cleanly (e^{−x} = ∞ gives 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Vector128.Create(1f) / (Vector128.Create(1f) + Exp(-x));

    /// <summary>Scalar twin of the vector <c>Tanh</c>.</summary>
    public static float Tanh(float x) => Vector128.ToScalar(Tanh(Vector128.CreateScalar(x)));

    /// <summary>Scalar twin of the vector <c>Sigmoid</c>.</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>Scalar twin of the vector <c>Erf</c>.</summary>
    public static float Erf(float x) => Vector128.ToScalar(Erf(Vector128.CreateScalar(x)));


    /// <summary>tanh: Cephes odd polynomial below |x| = 0.625 (keeps relative precision near 0), 1 − 2/(e^{2|x|}+1) above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        var ax = Vector128.Abs(x);
        var z = x * x;
        var poly = Vector128.MultiplyAddEstimate(Vector128.Create(-5.70498872745E-3f), z, Vector128.Create(2.06390887954E-2f));
        poly = Vector128.MultiplyAddEstimate(poly, z, Vector128.Create(-5.37397155531E-2f));
        poly = Vector128.MultiplyAddEstimate(poly, z, Vector128.Create(1.33314422036E-1f));
        poly = Vector128.MultiplyAddEstimate(poly, z, Vector128.Create(-3.33332819422E-1f));
        var small = Vector128.MultiplyAddEstimate(poly * z, x, x);
        var e = Exp(Vector128.Min(ax + ax, Vector128.Create(88f)));
        var big = Vector128.Create(1f) - (Vector128.Create(2f) / (e + Vector128.Create(1f)));
        big = Vector128.CopySign(big, x);
        return Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create(0.625f)), small, big);
    }


    /// <summary>erf by Abramowitz–Stegun 7.1.26 (|error| ≤ 1.5e−7), the polynomial PyTorch's vectorised erf uses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Erf(Vector128<float> x)
    {
        var ax = Vector128.Abs(x);
        var t = Vector128.Create(1f) / Vector128.MultiplyAddEstimate(Vector128.Create(0.3275911f), ax, Vector128.Create(1f));
        var poly = Vector128.MultiplyAddEstimate(Vector128.Create(1.061405429f), t, Vector128.Create(-1.453152027f));
        poly = Vector128.MultiplyAddEstimate(poly, t, Vector128.Create(1.421413741f));
        poly = Vector128.MultiplyAddEstimate(poly, t, Vector128.Create(-0.284496736f));
        poly = Vector128.MultiplyAddEstimate(poly, t, Vector128.Create(0.254829592f));
        poly *= t;
        var r = Vector128.Create(1f) - (poly * Exp(-(ax * ax)));
        return Vector128.CopySign(r, x);
    }

    /// <summary>
    /// e^x, Cephes expf: x = n·ln2 + r, |r| ≤ ln2/2, a degree-6 polynomial for e^r, 2^n built in the exponent
    /// bits (relative error ~1e−7). Kept here, inlined, rather than calling the library's Exp: that is a
    /// separate tiered method, and a kernel must not depend on when the JIT gets round to promoting it.
    /// Inputs are clamped to [−87.3, 88.3], so the result is finite and never NaN for finite x.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        x = Vector128.Min(Vector128.Max(x, Vector128.Create(-87.3f)), Vector128.Create(88.3f));
        var n = Vector128.Round(x * Vector128.Create(1.44269504089f));
        var r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-0.693359375f), x);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(2.12194440e-4f), r);
        var p = Vector128.MultiplyAddEstimate(Vector128.Create(1.9875691500E-4f), r, Vector128.Create(1.3981999507E-3f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(8.3334519073E-3f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(4.1665795894E-2f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(1.6666665459E-1f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(5.0000001201E-1f));
        p = Vector128.MultiplyAddEstimate(p, r * r, r) + Vector128.Create(1f);
        var scale = Vector128.ShiftLeft(Vector128.ConvertToInt32(n) + Vector128.Create(127), 23).AsSingle();
        return p * scale;
    }
}
