using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Which vector width the kernels run: the widest the CPU accelerates (Vector512 on AVX-512, Vector256 on AVX2,
/// Vector128 on SSE/NEON), optionally capped for the calling thread so one test run covers every path on one
/// machine. The environment caps it for a whole process (.NET 10: <c>DOTNET_EnableAVX512=0</c> for AVX2, <c>DOTNET_EnableAVX=0</c> for 128-bit
/// without FMA, <c>DOTNET_PreferredVectorBitWidth=128</c> for 128-bit with FMA, <c>DOTNET_EnableHWIntrinsic=0</c> for none); that also reaches TensorPrimitives, which the thread cap does not.
/// Kernels read it once per call, outside their loops. Vector128 bodies multiply-add with
/// <c>Vector128.MultiplyAddEstimate</c>, not <c>FusedMultiplyAdd</c>: x86 without AVX has no FMA instruction, and
/// there the fused form is emulated one element at a time in software (tens of times slower); with FMA (ARM64,
/// any AVX2 machine) both compile to the same fused instruction. Kernels that take <see cref="Bits"/> test
/// <c>VectorN.IsHardwareAccelerated &amp;&amp; bits &gt;= N</c> at each width's branch, not <c>bits</c> alone: the JIT folds
/// the first to a constant and drops an unaccelerated width's body unread. Otherwise that body (say Vector256 on
/// SSE or NEON) is compiled as software emulation inlined into the kernel, uses up the method's inlining budget,
/// and the accelerated Vector128 body after it is left calling <c>Vector128.Load</c> and friends as methods.
/// Any thread.
/// </summary>
public static class SimdWidth
{
    /// <summary>0: no cap; otherwise the widest vector in bits this thread's kernels may use (32: scalar only).</summary>
    [ThreadStatic]
    private static int t_limit;

    public static bool Use512
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.IsHardwareAccelerated && (t_limit == 0 || t_limit >= 512);
    }

    public static bool Use256
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.IsHardwareAccelerated && (t_limit == 0 || t_limit >= 256);
    }

    public static bool Use128
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128.IsHardwareAccelerated && (t_limit == 0 || t_limit >= 128);
    }

    /// <summary>Widest vector the kernels run on this thread, in bits (32 when only scalar code runs).</summary>
    public static int Bits => Use512 ? 512 : Use256 ? 256 : Use128 ? 128 : 32;

    /// <summary>
    /// What bench output prints: the width and the instruction set behind it. At 128 bits on x86 it names whether the
    /// multiply-adds are fused: <c>DOTNET_EnableAVX=0</c> gives SSE without FMA (two-operand code, multiply then add),
    /// <c>DOTNET_PreferredVectorBitWidth=128</c> leaves AVX and FMA on with Vector256 not accelerated, as on NEON.
    /// </summary>
    public static string Describe() => Bits switch
    {
        512 => "Vector512 (AVX-512)",
        256 => "Vector256 (AVX2)",
        128 => System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? "Vector128 (NEON)"
            : System.Runtime.Intrinsics.X86.Fma.IsSupported ? "Vector128 (AVX, FMA)"
            : System.Runtime.Intrinsics.X86.Avx.IsSupported ? "Vector128 (AVX, no FMA)" : "Vector128 (SSE, no FMA)",
        _ => "scalar",
    };

    /// <summary>Caps this thread's kernels at <paramref name="bits"/> (512, 256, 128 or 32 for scalar) until disposed.</summary>
    internal static Cap Limit(int bits)
    {
        if (bits is not (512 or 256 or 128 or 32))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), $"vector width cap must be 512, 256, 128 or 32 bits, got {bits}");
        }

        var previous = t_limit;
        t_limit = bits;
        return new Cap(previous);
    }

    /// <summary>Restores the previous cap when disposed.</summary>
    internal readonly struct Cap(int previous) : IDisposable
    {
        public void Dispose() => t_limit = previous;
    }
}
