using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// C[m, n] (+)= op(A)[m, k] · op(B)[k, n], row-major, float. Blocked and packed (GotoBLAS loop order:
/// NC columns of B, KC deep, MC rows of A) around a register-tiled micro-kernel: 8×32 with Vector512,
/// 6×16 with Vector256, 4×4 scalar otherwise. Panels are zero-padded, so ragged edges cost a copy of
/// one tile, never a branch in the inner loop. Very short A (fewer than <see cref="SmallM"/> rows) skips
/// packing: there the copy of B would cost as much as the product.
/// Thread-safety: any thread may call; packing buffers are per thread (allocated on a thread's first
/// call and grown only when a bigger block is asked for, so steady state allocates nothing).
/// </summary>
public static unsafe partial class MatMul
{
    private const int KC = 256;
    private const int MC = 96;
    private const int NC = 512;
    private const int SmallM = 4;

    [ThreadStatic]
    private static float[]? t_packA;

    [ThreadStatic]
    private static float[]? t_packB;

    /// <summary>Contiguous operands: lda/ldb/ldc are the row lengths of the stored matrices.</summary>
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, MatMulOptions options = MatMulOptions.None)
    {
        var lda = (options & MatMulOptions.TransposeA) != 0 ? m : k;
        var ldb = (options & MatMulOptions.TransposeB) != 0 ? k : n;
        RunStrided(a, lda, b, ldb, c, n, m, k, n, options);
    }

    /// <summary>
    /// Strided operands: element (i, p) of A is a[i*lda + p] (or a[p*lda + i] with TransposeA); B likewise
    /// with ldb; C(i, j) is c[i*ldc + j]. Lets callers address heads, row slices and sub-blocks in place.
    /// </summary>
    public static void RunStrided(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int k, int n, MatMulOptions options)
    {
        Validate(a.Length, lda, b.Length, ldb, c.Length, ldc, m, k, n, options);
        if (m == 0 || n == 0)
        {
            return;
        }

        var accumulate = (options & MatMulOptions.Accumulate) != 0;
        if (k == 0)
        {
            if (!accumulate)
            {
                for (var i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Clear();
                }
            }

            return;
        }

        if (m < SmallM && (options & MatMulOptions.TransposeA) == 0)
        {
            RunSmallM(a, lda, b, ldb, c, ldc, m, k, n, options);
            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            if (SimdWidth.Use512)
            {
                Blocked(pa, lda, pb, ldb, pc, ldc, m, k, n, options, 8, 32);
            }
            else if (SimdWidth.Use256)
            {
                Blocked(pa, lda, pb, ldb, pc, ldc, m, k, n, options, 6, 16);
            }
            else if (SimdWidth.Use128)
            {
                Blocked(pa, lda, pb, ldb, pc, ldc, m, k, n, options, 6, 8);
            }
            else
            {
                Blocked(pa, lda, pb, ldb, pc, ldc, m, k, n, options, 4, 4);
            }
        }
    }

    /// <summary>
    /// The blocked path with a chosen register tile — 8×32 (Vector512), 6×16 (Vector256), 6×8 (Vector128) or 4×4 (scalar) — so
    /// tests exercise every tile on any machine. Contiguous operands, k &gt; 0.
    /// </summary>
    internal static void RunBlockedWithTile(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, MatMulOptions options, int mr, int nr)
    {
        var lda = (options & MatMulOptions.TransposeA) != 0 ? m : k;
        var ldb = (options & MatMulOptions.TransposeB) != 0 ? k : n;
        Validate(a.Length, lda, b.Length, ldb, c.Length, n, m, k, n, options);
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            Blocked(pa, lda, pb, ldb, pc, n, m, k, n, options, mr, nr);
        }
    }

    /// <summary>Plain triple loop in double precision: the ground truth the fast path is tested against.</summary>
    public static void Reference(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int k, int n, MatMulOptions options)
    {
        Validate(a.Length, lda, b.Length, ldb, c.Length, ldc, m, k, n, options);
        var ta = (options & MatMulOptions.TransposeA) != 0;
        var tb = (options & MatMulOptions.TransposeB) != 0;
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = (options & MatMulOptions.Accumulate) != 0 ? c[(i * ldc) + j] : 0.0;
                for (var p = 0; p < k; p++)
                {
                    var av = ta ? a[(p * lda) + i] : a[(i * lda) + p];
                    var bv = tb ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += (double)av * bv;
                }

                c[(i * ldc) + j] = (float)sum;
            }
        }
    }

    /// <summary>Contiguous form of <see cref="Reference(ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, int, int, int, int, MatMulOptions)"/>.</summary>
    public static void Reference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, MatMulOptions options = MatMulOptions.None)
    {
        var lda = (options & MatMulOptions.TransposeA) != 0 ? m : k;
        var ldb = (options & MatMulOptions.TransposeB) != 0 ? k : n;
        Reference(a, lda, b, ldb, c, n, m, k, n, options);
    }

    private static void Validate(int aLen, int lda, int bLen, int ldb, int cLen, int ldc, int m, int k, int n, MatMulOptions options)
    {
        if (m < 0 || k < 0 || n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"negative matmul size m={m} k={k} n={n}");
        }

        var ta = (options & MatMulOptions.TransposeA) != 0;
        var tb = (options & MatMulOptions.TransposeB) != 0;
        Need("A", aLen, lda, ta ? k : m, ta ? m : k);
        Need("B", bLen, ldb, tb ? n : k, tb ? k : n);
        Need("C", cLen, ldc, m, n);

        static void Need(string name, int length, int ld, int rows, int cols)
        {
            if (rows == 0 || cols == 0)
            {
                return;
            }

            if (ld < cols)
            {
                throw new ArgumentException($"matmul {name}: leading dimension {ld} is less than its {cols} columns");
            }

            if ((long)(rows - 1) * ld + cols > length)
            {
                throw new ArgumentException($"matmul {name}: needs {(long)(rows - 1) * ld + cols} elements ({rows}×{cols}, ld {ld}) but has {length}");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunSmallM(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int k, int n, MatMulOptions options)
    {
        var accumulate = (options & MatMulOptions.Accumulate) != 0;
        if ((options & MatMulOptions.TransposeB) != 0)
        {
            // Rows of B are contiguous: each output is one dot product.
            for (var i = 0; i < m; i++)
            {
                MatVec.RunStrided(b, ldb, a.Slice(i * lda, k), c.Slice(i * ldc, n), n, k, accumulate);
            }

            return;
        }

        // C_i (+)= Σ_p a_ip · B_p: axpy over contiguous rows of B.
        for (var i = 0; i < m; i++)
        {
            var ci = c.Slice(i * ldc, n);
            if (!accumulate)
            {
                ci.Clear();
            }

            for (var p = 0; p < k; p++)
            {
                TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), a[(i * lda) + p], ci, ci);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocked(float* a, int lda, float* b, int ldb, float* c, int ldc, int m, int k, int n, MatMulOptions options, int mr, int nr)
    {
        var ta = (options & MatMulOptions.TransposeA) != 0;
        var tb = (options & MatMulOptions.TransposeB) != 0;
        var accumulate = (options & MatMulOptions.Accumulate) != 0;
        var mcMax = MC / mr * mr;
        var ncMax = NC / nr * nr;
        var packA = t_packA ??= new float[KC * mcMax];
        var packB = t_packB ??= new float[KC * NC];
        var tile = stackalloc float[mr * nr];

        fixed (float* ap = packA)
        fixed (float* bp = packB)
        {
            for (var jc = 0; jc < n; jc += ncMax)
            {
                var nc = Math.Min(ncMax, n - jc);
                for (var pc = 0; pc < k; pc += KC)
                {
                    var kc = Math.Min(KC, k - pc);
                    var add = accumulate || pc > 0;
                    PackB(b, ldb, tb, pc, kc, jc, nc, nr, bp);
                    for (var ic = 0; ic < m; ic += mcMax)
                    {
                        var mc = Math.Min(mcMax, m - ic);
                        PackA(a, lda, ta, ic, mc, pc, kc, mr, ap);
                        for (var jr = 0; jr < nc; jr += nr)
                        {
                            var nrr = Math.Min(nr, nc - jr);
                            var bPanel = bp + (jr * kc);
                            for (var ir = 0; ir < mc; ir += mr)
                            {
                                var mrr = Math.Min(mr, mc - ir);
                                var aPanel = ap + (ir * kc);
                                var cTile = c + ((long)(ic + ir) * ldc) + jc + jr;
                                if (mrr == mr && nrr == nr)
                                {
                                    MicroKernel(aPanel, bPanel, kc, cTile, ldc, add, mr, nr);
                                }
                                else
                                {
                                    MicroKernel(aPanel, bPanel, kc, tile, nr, false, mr, nr);
                                    for (var i = 0; i < mrr; i++)
                                    {
                                        var src = new ReadOnlySpan<float>(tile + (i * nr), nrr);
                                        var dst = new Span<float>(cTile + ((long)i * ldc), nrr);
                                        if (add)
                                        {
                                            TensorPrimitives.Add(dst, src, dst);
                                        }
                                        else
                                        {
                                            src.CopyTo(dst);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernel(float* a, float* b, int kc, float* c, int ldc, bool add, int mr, int nr)
    {
        if (mr == 8 && nr == 32)
        {
            Kernel8x32(a, b, kc, c, ldc, add);
        }
        else if (mr == 6 && nr == 16)
        {
            Kernel6x16(a, b, kc, c, ldc, add);
        }
        else if (mr == 6 && nr == 8)
        {
            Kernel6x8(a, b, kc, c, ldc, add);
        }
        else
        {
            KernelScalar(a, b, kc, c, ldc, add, mr, nr);
        }
    }

    /// <summary>Packs A[ic.., pc..] into panels of <paramref name="mr"/> rows, k-major inside a panel, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(float* a, int lda, bool ta, int ic, int mc, int pc, int kc, int mr, float* dst)
    {
        for (var ir = 0; ir < mc; ir += mr)
        {
            var rows = Math.Min(mr, mc - ir);
            var panel = dst + (ir * kc);
            for (var p = 0; p < kc; p++)
            {
                var d = panel + (p * mr);
                int i = 0;
                if (ta)
                {
                    var src = a + ((long)(pc + p) * lda) + ic + ir;
                    for (; i < rows; i++)
                    {
                        d[i] = src[i];
                    }
                }
                else
                {
                    var src = a + ((long)(ic + ir) * lda) + pc + p;
                    for (; i < rows; i++)
                    {
                        d[i] = src[(long)i * lda];
                    }
                }

                for (; i < mr; i++)
                {
                    d[i] = 0f;
                }
            }
        }
    }

    /// <summary>Packs B[pc.., jc..] into panels of <paramref name="nr"/> columns, k-major inside a panel, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(float* b, int ldb, bool tb, int pc, int kc, int jc, int nc, int nr, float* dst)
    {
        for (var jr = 0; jr < nc; jr += nr)
        {
            var cols = Math.Min(nr, nc - jr);
            var panel = dst + (jr * kc);
            if (tb)
            {
                // B stored [n, k]: walk each stored row once (contiguous reads), scatter into the panel.
                for (var j = 0; j < cols; j++)
                {
                    var src = b + ((long)(jc + jr + j) * ldb) + pc;
                    for (var p = 0; p < kc; p++)
                    {
                        panel[(p * nr) + j] = src[p];
                    }
                }

                for (var j = cols; j < nr; j++)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        panel[(p * nr) + j] = 0f;
                    }
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    var src = b + ((long)(pc + p) * ldb) + jc + jr;
                    var d = panel + (p * nr);
                    Buffer.MemoryCopy(src, d, cols * sizeof(float), cols * sizeof(float));
                    for (var j = cols; j < nr; j++)
                    {
                        d[j] = 0f;
                    }
                }
            }
        }
    }

    private static void KernelScalar(float* a, float* b, int kc, float* c, int ldc, bool add, int mr, int nr)
    {
        for (var i = 0; i < mr; i++)
        {
            for (var j = 0; j < nr; j++)
            {
                var sum = 0f;
                for (var p = 0; p < kc; p++)
                {
                    sum += a[(p * mr) + i] * b[(p * nr) + j];
                }

                var dst = c + ((long)i * ldc) + j;
                *dst = add ? *dst + sum : sum;
            }
        }
    }
}
