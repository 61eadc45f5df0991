using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// One SIMD width a bench can hold this machine's JIT to: its label, the environment switch that forces it (null: as
/// the CPU is), and which build of tools/decode_ref is its C yardstick (0 native, 1 without AVX-512, 2 without AVX;
/// -1 where there is none).
/// </summary>
public sealed record SimdTarget(string Label, string Key, string? Switch, int CBuild)
{
    /// <summary>
    /// The widths this CPU can run: on x86 with AVX-512 all three, with AVX2 the two below it, on ARM64 its own
    /// 128-bit NEON only (the switches reach the JIT at process start, so each target runs in its own process).
    /// </summary>
    public static IReadOnlyList<SimdTarget> OnThisMachine()
    {
        if (!X86Base.IsSupported)
        {
            return [new SimdTarget(Vector128.IsHardwareAccelerated ? "128-bit (as is)" : "scalar", "simd128", null, -1)];
        }

        var narrow = new SimdTarget("128-bit (DOTNET_EnableAVX=0)", "simd128", "DOTNET_EnableAVX", 2);
        if (Vector512.IsHardwareAccelerated)
        {
            return [new SimdTarget("AVX-512", "avx512", null, 0), new SimdTarget("AVX2 (DOTNET_EnableAVX512=0)", "avx2", "DOTNET_EnableAVX512", 1), narrow];
        }

        return Vector256.IsHardwareAccelerated ? [new SimdTarget("AVX2", "avx2", null, 1), narrow] : [narrow with { Switch = null }];
    }
}
