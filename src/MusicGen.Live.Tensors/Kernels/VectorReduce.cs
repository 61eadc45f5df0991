using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Horizontal sums for the row kernels (dot products of several rows at once). <c>VectorN.Sum</c> reduces one
/// vector by a tree of single-vector shuffles into a scalar (some twenty instructions for a Vector512), and a
/// matvec over rows of a few hundred columns spends as long in those as in its loop; here a wide accumulator is
/// folded in halves down to Vector128, and four rows' sums are reduced together by pairwise adds into one
/// Vector128 that is stored as it is. Pure functions: any thread.
/// </summary>
internal static class VectorReduce
{
    /// <summary>Lower half plus upper half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Fold(Vector512<float> v) => v.GetLower() + v.GetUpper();

    /// <summary>Lower half plus upper half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Fold(Vector256<float> v) => v.GetLower() + v.GetUpper();

    /// <summary>[Σa, Σb, Σc, Σd]: three pairwise adds (SSE3 <c>haddps</c>, ARM64 <c>faddp</c>), else four sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
    {
        if (Sse3.IsSupported)
        {
            return Sse3.HorizontalAdd(Sse3.HorizontalAdd(a, b), Sse3.HorizontalAdd(c, d));
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a, b), AdvSimd.Arm64.AddPairwise(c, d));
        }

        return Vector128.Create(Vector128.Sum(a), Vector128.Sum(b), Vector128.Sum(c), Vector128.Sum(d));
    }

    /// <summary>[Σa, Σb, Σc, Σd] of int32 lanes (SSSE3 <c>phaddd</c>, ARM64 <c>addp</c>), else four sums; wraps like any int add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sum4(Vector128<int> a, Vector128<int> b, Vector128<int> c, Vector128<int> d)
    {
        if (Ssse3.IsSupported)
        {
            return Ssse3.HorizontalAdd(Ssse3.HorizontalAdd(a, b), Ssse3.HorizontalAdd(c, d));
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a, b), AdvSimd.Arm64.AddPairwise(c, d));
        }

        return Vector128.Create(Vector128.Sum(a), Vector128.Sum(b), Vector128.Sum(c), Vector128.Sum(d));
    }
}
