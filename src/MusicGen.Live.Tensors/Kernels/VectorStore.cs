using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// The per-width kernels' last step: store an accumulated vector, or add it to what is there (y = W·x vs y += W·x).
/// One overload per width so every kernel body stores the same way. Pure functions: any thread.
/// </summary>
internal static unsafe class VectorStore
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOrAdd(float* dst, Vector512<float> v, bool accumulate) =>
        (accumulate ? v + Vector512.Load(dst) : v).Store(dst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOrAdd(float* dst, Vector256<float> v, bool accumulate) =>
        (accumulate ? v + Vector256.Load(dst) : v).Store(dst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOrAdd(float* dst, Vector128<float> v, bool accumulate) =>
        (accumulate ? v + Vector128.Load(dst) : v).Store(dst);
}
