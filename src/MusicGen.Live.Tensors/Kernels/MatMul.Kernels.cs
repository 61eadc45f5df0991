using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

// The register-tiled inner kernels of MatMul, unrolled by hand (generated once; the JIT keeps every
// accumulator in a register: 16 of 32 zmm, 12 of 16 ymm).
public static unsafe partial class MatMul
{
    /// <summary>8×32 register tile: 16 accumulators, two B vectors, one broadcast of A per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8x32(float* a, float* b, int kc, float* c, int ldc, bool add)
    {
        var c00 = Vector512<float>.Zero;
        var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero;
        var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero;
        var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero;
        var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero;
        var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero;
        var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero;
        var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero;
        var c71 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            a += 8;
            b += 32;
        }

        Store(c + ((long)0 * ldc), c00, c01, add);
        Store(c + ((long)1 * ldc), c10, c11, add);
        Store(c + ((long)2 * ldc), c20, c21, add);
        Store(c + ((long)3 * ldc), c30, c31, add);
        Store(c + ((long)4 * ldc), c40, c41, add);
        Store(c + ((long)5 * ldc), c50, c51, add);
        Store(c + ((long)6 * ldc), c60, c61, add);
        Store(c + ((long)7 * ldc), c70, c71, add);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Store(float* dst, Vector512<float> v0, Vector512<float> v1, bool add)
        {
            if (add)
            {
                v0 += Vector512.Load(dst);
                v1 += Vector512.Load(dst + 16);
            }

            Vector512.Store(v0, dst);
            Vector512.Store(v1, dst + 16);
        }
    }

    /// <summary>6×16 register tile: 12 accumulators, two B vectors, one broadcast of A per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(float* a, float* b, int kc, float* c, int ldc, bool add)
    {
        var c00 = Vector256<float>.Zero;
        var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero;
        var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero;
        var c21 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero;
        var c31 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero;
        var c41 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero;
        var c51 = Vector256<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }

        Store(c + ((long)0 * ldc), c00, c01, add);
        Store(c + ((long)1 * ldc), c10, c11, add);
        Store(c + ((long)2 * ldc), c20, c21, add);
        Store(c + ((long)3 * ldc), c30, c31, add);
        Store(c + ((long)4 * ldc), c40, c41, add);
        Store(c + ((long)5 * ldc), c50, c51, add);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Store(float* dst, Vector256<float> v0, Vector256<float> v1, bool add)
        {
            if (add)
            {
                v0 += Vector256.Load(dst);
                v1 += Vector256.Load(dst + 8);
            }

            Vector256.Store(v0, dst);
            Vector256.Store(v1, dst + 8);
        }
    }

    /// <summary>6×8 register tile (Vector128: SSE, NEON): 12 accumulators, two B vectors, one broadcast of A per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x8(float* a, float* b, int kc, float* c, int ldc, bool add)
    {
        var c00 = Vector128<float>.Zero;
        var c01 = Vector128<float>.Zero;
        var c10 = Vector128<float>.Zero;
        var c11 = Vector128<float>.Zero;
        var c20 = Vector128<float>.Zero;
        var c21 = Vector128<float>.Zero;
        var c30 = Vector128<float>.Zero;
        var c31 = Vector128<float>.Zero;
        var c40 = Vector128<float>.Zero;
        var c41 = Vector128<float>.Zero;
        var c50 = Vector128<float>.Zero;
        var c51 = Vector128<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var a0 = Vector128.Create(a[0]);
            c00 = Vector128.MultiplyAddEstimate(a0, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(a0, b1, c01);
            var a1 = Vector128.Create(a[1]);
            c10 = Vector128.MultiplyAddEstimate(a1, b0, c10);
            c11 = Vector128.MultiplyAddEstimate(a1, b1, c11);
            var a2 = Vector128.Create(a[2]);
            c20 = Vector128.MultiplyAddEstimate(a2, b0, c20);
            c21 = Vector128.MultiplyAddEstimate(a2, b1, c21);
            var a3 = Vector128.Create(a[3]);
            c30 = Vector128.MultiplyAddEstimate(a3, b0, c30);
            c31 = Vector128.MultiplyAddEstimate(a3, b1, c31);
            var a4 = Vector128.Create(a[4]);
            c40 = Vector128.MultiplyAddEstimate(a4, b0, c40);
            c41 = Vector128.MultiplyAddEstimate(a4, b1, c41);
            var a5 = Vector128.Create(a[5]);
            c50 = Vector128.MultiplyAddEstimate(a5, b0, c50);
            c51 = Vector128.MultiplyAddEstimate(a5, b1, c51);
            a += 6;
            b += 8;
        }

        Store(c + ((long)0 * ldc), c00, c01, add);
        Store(c + ((long)1 * ldc), c10, c11, add);
        Store(c + ((long)2 * ldc), c20, c21, add);
        Store(c + ((long)3 * ldc), c30, c31, add);
        Store(c + ((long)4 * ldc), c40, c41, add);
        Store(c + ((long)5 * ldc), c50, c51, add);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Store(float* dst, Vector128<float> v0, Vector128<float> v1, bool add)
        {
            if (add)
            {
                v0 += Vector128.Load(dst);
                v1 += Vector128.Load(dst + 4);
            }

            Vector128.Store(v0, dst);
            Vector128.Store(v1, dst + 4);
        }
    }
}
