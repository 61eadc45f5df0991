using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// y += a ⊙ b, one pass per width like <see cref="UnaryDriver"/>: the gradient accumulations of the autograd ops
/// (products, norm gains, the LSTM cell). Not TensorPrimitives.FusedMultiplyAdd: on x86 without FMA that is
/// emulated one element at a time; the Vector128 body here multiplies and adds with
/// <c>Vector128.MultiplyAddEstimate</c> (fused where the CPU has FMA, see <see cref="SimdWidth"/>).
/// y may alias a or b. Any thread; no allocation.
/// </summary>
public static class MultiplyAccumulate
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        var n = y.Length;
        if (a.Length != n || b.Length != n)
        {
            throw new ArgumentException($"y += a⊙b: a has {a.Length} elements, b {b.Length}, y {n}");
        }

        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var br = ref MemoryMarshal.GetReference(b);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var i = 0;
        var bits = SimdWidth.Bits;
        if (Vector512.IsHardwareAccelerated && bits >= 512)
        {
            for (; i + 16 <= n; i += 16)
            {
                var u = (nuint)i;
                Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, u), Vector512.LoadUnsafe(ref br, u), Vector512.LoadUnsafe(ref yr, u))
                    .StoreUnsafe(ref yr, u);
            }
        }

        if (Vector256.IsHardwareAccelerated && bits >= 256)
        {
            for (; i + 8 <= n; i += 8)
            {
                var u = (nuint)i;
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, u), Vector256.LoadUnsafe(ref br, u), Vector256.LoadUnsafe(ref yr, u))
                    .StoreUnsafe(ref yr, u);
            }
        }

        if (Vector128.IsHardwareAccelerated && bits >= 128)
        {
            for (; i + 4 <= n; i += 4)
            {
                var u = (nuint)i;
                Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref ar, u), Vector128.LoadUnsafe(ref br, u), Vector128.LoadUnsafe(ref yr, u))
                    .StoreUnsafe(ref yr, u);
            }
        }

        for (; i < n; i++)
        {
            // Not MathF.FusedMultiplyAdd: without FMA hardware that is a call into the C runtime per element.
            Unsafe.Add(ref yr, i) += Unsafe.Add(ref ar, i) * Unsafe.Add(ref br, i);
        }
    }

    /// <summary>Reference: y[i] += a[i]·b[i] in double, element by element.</summary>
    public static void Reference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = (float)(y[i] + ((double)a[i] * b[i]));
        }
    }
}
