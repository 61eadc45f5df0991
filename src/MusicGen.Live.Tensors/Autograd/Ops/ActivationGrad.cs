using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// dx += dy · f'(x) for each <see cref="Activation"/>, in one SIMD loop over small operator structs
/// (Vector512, Vector256, Vector128, scalar tail; <see cref="SimdWidth"/> caps it), the backward twin of the kernels' <see cref="UnaryDriver"/>.
/// <see cref="Reference"/> is the plain scalar form the test compares against. Any thread; no allocation.
/// </summary>
internal static class ActivationGrad
{
    private const float K = 1.5957691216f; // 2·√(2/π): GELU-tanh as x·σ(K(x + 0.044715x³))
    private const float A = 0.044715f;
    private const float InvSqrt2Pi = 0.3989422804f;

    private interface IGrad
    {
        static abstract float Invoke(float x, float y);

        static abstract Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);

        static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

        static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
    }

    public static void Run(Activation kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        switch (kind)
        {
            case Activation.Tanh: Drive<TanhGrad>(x, y, dy, dx); break;
            case Activation.Sigmoid: Drive<SigmoidGrad>(x, y, dy, dx); break;
            case Activation.Relu: Drive<ReluGrad>(x, y, dy, dx); break;
            case Activation.Silu: Drive<SiluGrad>(x, y, dy, dx); break;
            case Activation.Gelu: Drive<GeluGrad>(x, y, dy, dx); break;
            default: Drive<GeluTanhGrad>(x, y, dy, dx); break;
        }
    }

    /// <summary>Scalar f'(x) from the textbook formulas, in double.</summary>
    public static void Reference(Activation kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            double xi = x[i], yi = y[i], d;
            switch (kind)
            {
                case Activation.Tanh: d = 1 - (yi * yi); break;
                case Activation.Sigmoid: d = yi * (1 - yi); break;
                case Activation.Relu: d = xi > 0 ? 1 : 0; break;
                case Activation.Silu:
                    {
                        var s = 1 / (1 + Math.Exp(-xi));
                        d = s * (1 + (xi * (1 - s)));
                        break;
                    }

                case Activation.Gelu:
                    d = (0.5 * (1 + ReferenceMath.Erf(xi / Math.Sqrt(2)))) + (xi * Math.Exp(-0.5 * xi * xi) / Math.Sqrt(2 * Math.PI));
                    break;
                default:
                    {
                        const double C = 0.7978845608028654;
                        var t = Math.Tanh(C * (xi + (A * xi * xi * xi)));
                        d = (0.5 * (1 + t)) + (0.5 * xi * (1 - (t * t)) * C * (1 + (3 * A * xi * xi)));
                        break;
                    }
            }

            dx[i] += (float)(dy[i] * d);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Drive<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where TOp : struct, IGrad
    {
        var n = x.Length;
        if (y.Length < n || dy.Length < n || dx.Length < n)
        {
            throw new ArgumentException($"activation backward: buffers shorter than {n}");
        }

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var gr = ref MemoryMarshal.GetReference(dy);
        ref var dr = ref MemoryMarshal.GetReference(dx);
        var i = 0;
        var bits = SimdWidth.Bits;
        if (Vector512.IsHardwareAccelerated && bits >= 512)
        {
            for (; i + 16 <= n; i += 16)
            {
                var d = TOp.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i));
                Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref gr, (nuint)i), d, Vector512.LoadUnsafe(ref dr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated && bits >= 256)
        {
            for (; i + 8 <= n; i += 8)
            {
                var d = TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i));
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref gr, (nuint)i), d, Vector256.LoadUnsafe(ref dr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated && bits >= 128)
        {
            for (; i + 4 <= n; i += 4)
            {
                var d = TOp.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i), Vector128.LoadUnsafe(ref yr, (nuint)i));
                Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref gr, (nuint)i), d, Vector128.LoadUnsafe(ref dr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) += Unsafe.Add(ref gr, i) * TOp.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }

    private readonly struct TanhGrad : IGrad
    {
        public static float Invoke(float x, float y) => 1f - (y * y);

        public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.Create(1f) - (y * y);

        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.Create(1f) - (y * y);

        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.Create(1f) - (y * y);
    }

    private readonly struct SigmoidGrad : IGrad
    {
        public static float Invoke(float x, float y) => y * (1f - y);

        public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => y * (Vector128.Create(1f) - y);

        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => y * (Vector256.Create(1f) - y);

        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => y * (Vector512.Create(1f) - y);
    }

    private readonly struct ReluGrad : IGrad
    {
        public static float Invoke(float x, float y) => x > 0 ? 1f : 0f;

        public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(
            Vector128.GreaterThan(x, Vector128<float>.Zero),
            Vector128.Create(1f),
            Vector128<float>.Zero);

        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(
            Vector256.GreaterThan(x, Vector256<float>.Zero),
            Vector256.Create(1f),
            Vector256<float>.Zero);

        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(
            Vector512.GreaterThan(x, Vector512<float>.Zero),
            Vector512.Create(1f),
            Vector512<float>.Zero);
    }

    private readonly struct SiluGrad : IGrad
    {
        public static float Invoke(float x, float y)
        {
            var s = VectorMath.Sigmoid(x);
            return s * (1f + (x * (1f - s)));
        }

        public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y)
        {
            var s = VectorMath.Sigmoid(x);
            return s * (Vector128.Create(1f) + (x * (Vector128.Create(1f) - s)));
        }

        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
        {
            var s = VectorMath.Sigmoid(x);
            return s * (Vector256.Create(1f) + (x * (Vector256.Create(1f) - s)));
        }

        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
        {
            var s = VectorMath.Sigmoid(x);
            return s * (Vector512.Create(1f) + (x * (Vector512.Create(1f) - s)));
        }
    }

    private readonly struct GeluGrad : IGrad
    {
        public static float Invoke(float x, float y) =>
            (0.5f * (1f + VectorMath.Erf(x * 0.70710678f))) + (x * InvSqrt2Pi * MathF.Exp(-0.5f * x * x));

        public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) =>
            (Vector128.Create(0.5f) * (Vector128.Create(1f) + VectorMath.Erf(x * Vector128.Create(0.70710678f)))) + (x * Vector128.Create(InvSqrt2Pi) * Vector128.Exp(Vector128.Create(-0.5f) * x * x));

        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) =>
            (Vector256.Create(0.5f) * (Vector256.Create(1f) + VectorMath.Erf(x * Vector256.Create(0.70710678f)))) + (x * Vector256.Create(InvSqrt2Pi) * Vector256.Exp(Vector256.Create(-0.5f) * x * x));

        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) =>
            (Vector512.Create(0.5f) * (Vector512.Create(1f) + VectorMath.Erf(x * Vector512.Create(0.70710678f)))) + (x * Vector512.Create(InvSqrt2Pi) * Vector512.Exp(Vector512.Create(-0.5f) * x * x));
    }

    /// <summary>d/dx x·σ(v), v = K(x + a·x³): s + x·s·(1 − s)·K·(1 + 3a·x²).</summary>
    private readonly struct GeluTanhGrad : IGrad
    {
        public static float Invoke(float x, float y)
        {
            var s = VectorMath.Sigmoid(K * (x + (A * x * x * x)));
            return s + (x * s * (1f - s) * K * (1f + (3f * A * x * x)));
        }

        public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y)
        {
            var x2 = x * x;
            var s = VectorMath.Sigmoid(Vector128.Create(K) * Vector128.MultiplyAddEstimate(Vector128.Create(A) * x2, x, x));
            var dv = Vector128.Create(K) * Vector128.MultiplyAddEstimate(Vector128.Create(3f * A), x2, Vector128.Create(1f));
            return s + (x * s * (Vector128.Create(1f) - s) * dv);
        }

        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
        {
            var x2 = x * x;
            var s = VectorMath.Sigmoid(Vector256.Create(K) * Vector256.FusedMultiplyAdd(Vector256.Create(A) * x2, x, x));
            var dv = Vector256.Create(K) * Vector256.FusedMultiplyAdd(Vector256.Create(3f * A), x2, Vector256.Create(1f));
            return s + (x * s * (Vector256.Create(1f) - s) * dv);
        }

        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
        {
            var x2 = x * x;
            var s = VectorMath.Sigmoid(Vector512.Create(K) * Vector512.FusedMultiplyAdd(Vector512.Create(A) * x2, x, x));
            var dv = Vector512.Create(K) * Vector512.FusedMultiplyAdd(Vector512.Create(3f * A), x2, Vector512.Create(1f));
            return s + (x * s * (Vector512.Create(1f) - s) * dv);
        }
    }
}
