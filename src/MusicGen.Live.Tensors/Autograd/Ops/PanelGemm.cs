using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// C[m, n] (+)= A[m, k] · B for a few rows of A against a B that is packed ONCE and reused many times: the
/// LSTM recurrence multiplies 8–16 rows of h by the same W_hh at every time step, where the general
/// <see cref="Kernels.MatMul"/> would re-pack W_hh on each of the T calls (the packing then costs more than
/// the product). B is packed into panels of 32 columns, k-major, zero-padded; A is read in place.
/// Paths: Vector512 4×32 register tile, Vector256 1×32, Vector128 1×32, scalar (<see cref="Kernels.SimdWidth"/> picks); <see cref="Reference"/> is the plain loop.
/// Any thread; no allocation.
/// </summary>
internal static unsafe class PanelGemm
{
    public const int Nr = 32;

    /// <summary>Floats needed to pack a k×n matrix.</summary>
    public static int PackedLength(int k, int n) => ((n + Nr - 1) / Nr) * Nr * k;

    /// <summary>Packs B (k×n, or its transpose stored n×k when <paramref name="transposed"/>) into panels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(ReadOnlySpan<float> b, int ldb, bool transposed, int k, int n, Span<float> packed)
    {
        var panels = (n + Nr - 1) / Nr;
        for (var jp = 0; jp < panels; jp++)
        {
            var panel = packed.Slice(jp * Nr * k, Nr * k);
            var cols = Math.Min(Nr, n - (jp * Nr));
            for (var p = 0; p < k; p++)
            {
                var dst = panel.Slice(p * Nr, Nr);
                for (var j = 0; j < cols; j++)
                {
                    var col = (jp * Nr) + j;
                    dst[j] = transposed ? b[(col * ldb) + p] : b[(p * ldb) + col];
                }

                dst[cols..].Clear();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> packed, Span<float> c, int ldc, int m, int k, int n, bool accumulate)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        if (a.Length < ((m - 1) * lda) + k || packed.Length < PackedLength(k, n) || c.Length < ((m - 1) * ldc) + n)
        {
            throw new ArgumentException($"panel gemm operands too short for m={m} k={k} n={n}");
        }

        Span<float> tile = stackalloc float[4 * Nr];
        fixed (float* pa = a)
        fixed (float* pb = packed)
        fixed (float* pc = c)
        fixed (float* pt = tile)
        {
            var panels = (n + Nr - 1) / Nr;
            for (var jp = 0; jp < panels; jp++)
            {
                var cols = Math.Min(Nr, n - (jp * Nr));
                var bPanel = pb + ((long)jp * Nr * k);
                var i = 0;
                if (Kernels.SimdWidth.Use512)
                {
                    for (; i + 4 <= m; i += 4)
                    {
                        var ci = pc + ((long)i * ldc) + (jp * Nr);
                        if (cols == Nr)
                        {
                            Tile4x32(pa + ((long)i * lda), lda, bPanel, k, ci, ldc, accumulate);
                        }
                        else
                        {
                            Tile4x32(pa + ((long)i * lda), lda, bPanel, k, pt, Nr, false);
                            for (var r = 0; r < 4; r++)
                            {
                                for (var j = 0; j < cols; j++)
                                {
                                    ci[((long)r * ldc) + j] = (accumulate ? ci[((long)r * ldc) + j] : 0f) + pt[(r * Nr) + j];
                                }
                            }
                        }
                    }
                }

                for (; i < m; i++)
                {
                    Row(pa + ((long)i * lda), bPanel, k, pc + ((long)i * ldc) + (jp * Nr), cols, accumulate);
                }
            }
        }
    }

    /// <summary>Plain triple loop on the unpacked B, in double: what <see cref="Run"/> is tested against.</summary>
    public static void Reference(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, bool transposed, Span<float> c, int ldc, int m, int k, int n, bool accumulate)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = accumulate ? c[(i * ldc) + j] : 0;
                for (var p = 0; p < k; p++)
                {
                    sum += (double)a[(i * lda) + p] * (transposed ? b[(j * ldb) + p] : b[(p * ldb) + j]);
                }

                c[(i * ldc) + j] = (float)sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x32(float* a, int lda, float* b, int k, float* c, int ldc, bool accumulate)
    {
        var c00 = Vector512<float>.Zero;
        var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero;
        var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero;
        var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero;
        var c31 = Vector512<float>.Zero;
        var a0 = a;
        var a1 = a + lda;
        var a2 = a + (2L * lda);
        var a3 = a + (3L * lda);
        for (var p = 0; p < k; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x = Vector512.Create(a0[p]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a1[p]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a2[p]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3[p]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            b += Nr;
        }

        Store(c, c00, c01, accumulate);
        Store(c + ldc, c10, c11, accumulate);
        Store(c + (2L * ldc), c20, c21, accumulate);
        Store(c + (3L * ldc), c30, c31, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> lo, Vector512<float> hi, bool accumulate)
    {
        if (accumulate)
        {
            lo += Vector512.Load(c);
            hi += Vector512.Load(c + 16);
        }

        lo.Store(c);
        hi.Store(c + 16);
    }

    /// <summary>One row of A against one panel: Vector256 or Vector128 accumulators, or scalar without SIMD.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(float* a, float* b, int k, float* c, int cols, bool accumulate)
    {
        Span<float> acc = stackalloc float[Nr];
        if (Kernels.SimdWidth.Use256)
        {
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            var s2 = Vector256<float>.Zero;
            var s3 = Vector256<float>.Zero;
            for (var p = 0; p < k; p++)
            {
                var x = Vector256.Create(a[p]);
                var bp = b + (p * Nr);
                s0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp), s0);
                s1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 8), s1);
                s2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 16), s2);
                s3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(bp + 24), s3);
            }

            s0.CopyTo(acc);
            s1.CopyTo(acc[8..]);
            s2.CopyTo(acc[16..]);
            s3.CopyTo(acc[24..]);
        }
        else if (Kernels.SimdWidth.Use128)
        {
            // Eight Vector128 accumulators cover the 32-column panel (SSE, NEON).
            Vector128<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            for (var p = 0; p < k; p++)
            {
                var x = Vector128.Create(a[p]);
                var bp = b + (p * Nr);
                s0 = Vector128.MultiplyAddEstimate(x, Vector128.Load(bp), s0);
                s1 = Vector128.MultiplyAddEstimate(x, Vector128.Load(bp + 4), s1);
                s2 = Vector128.MultiplyAddEstimate(x, Vector128.Load(bp + 8), s2);
                s3 = Vector128.MultiplyAddEstimate(x, Vector128.Load(bp + 12), s3);
                s4 = Vector128.MultiplyAddEstimate(x, Vector128.Load(bp + 16), s4);
                s5 = Vector128.MultiplyAddEstimate(x, Vector128.Load(bp + 20), s5);
                s6 = Vector128.MultiplyAddEstimate(x, Vector128.Load(bp + 24), s6);
                s7 = Vector128.MultiplyAddEstimate(x, Vector128.Load(bp + 28), s7);
            }

            s0.CopyTo(acc);
            s1.CopyTo(acc[4..]);
            s2.CopyTo(acc[8..]);
            s3.CopyTo(acc[12..]);
            s4.CopyTo(acc[16..]);
            s5.CopyTo(acc[20..]);
            s6.CopyTo(acc[24..]);
            s7.CopyTo(acc[28..]);
        }
        else
        {
            acc.Clear();
            for (var p = 0; p < k; p++)
            {
                for (var j = 0; j < Nr; j++)
                {
                    acc[j] += a[p] * b[(p * Nr) + j];
                }
            }
        }

        for (var j = 0; j < cols; j++)
        {
            c[j] = (accumulate ? c[j] : 0f) + acc[j];
        }
    }
}
