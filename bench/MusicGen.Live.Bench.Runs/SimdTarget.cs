using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// One SIMD width a bench can hold this machine's JIT to: its label, the environment that forces it
/// (<c>NAME=VALUE</c> pairs split by spaces; null: as the CPU is), and which build of tools/decode_ref is its C yardstick
/// (0 native, 1 without AVX-512, 2 without AVX; -1 where none matches).
/// </summary>
public sealed record SimdTarget(string Label, string Key, string? Environment, int CBuild)
{
    /// <summary>
    /// The widths this CPU can run: on x86 with AVX-512 all three, with AVX2 the two below it, on ARM64 its own
    /// 128-bit NEON only (the switches reach the JIT at process start, so each target runs in its own process). On x86
    /// the 128-bit width comes twice: without AVX, which also takes FMA away (FMA3 is VEX-encoded), and with AVX and
    /// FMA but 128-bit vectors, the closer stand-in for ARM64, whose NEON always fuses its multiply-adds.
    /// </summary>
    public static IReadOnlyList<SimdTarget> OnThisMachine()
    {
        if (!X86Base.IsSupported)
        {
            return [new SimdTarget(Vector128.IsHardwareAccelerated ? "128-bit (as is)" : "scalar", "simd128", null, -1)];
        }

        var narrow = Forced("128-bit", "simd128", "DOTNET_EnableAVX=0", 2);
        if (Vector512.IsHardwareAccelerated)
        {
            return
            [
                new SimdTarget("AVX-512", "avx512", null, 0),
                Forced("AVX2", "avx2", "DOTNET_EnableAVX512=0", 1),
                Forced("128-bit with FMA", "simd128fma", "DOTNET_PreferredVectorBitWidth=128 DOTNET_EnableAVX512=0", -1),
                narrow,
            ];
        }

        return Vector256.IsHardwareAccelerated
            ? [new SimdTarget("AVX2", "avx2", null, 1), Forced("128-bit with FMA", "simd128fma", "DOTNET_PreferredVectorBitWidth=128", -1), narrow]
            : [new SimdTarget("128-bit (as is)", "simd128", null, 2)];
    }

    /// <summary>The <c>NAME=VALUE</c> pairs of <paramref name="environment"/> (null or blank: none).</summary>
    public static IEnumerable<(string Name, string Value)> Assignments(string? environment)
    {
        foreach (var pair in (environment ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                throw new ArgumentException($"environment \"{environment}\": \"{pair}\" is not NAME=VALUE", nameof(environment));
            }

            yield return (pair[..eq], pair[(eq + 1)..]);
        }
    }

    private static SimdTarget Forced(string width, string key, string environment, int cBuild) =>
        new($"{width} ({environment.Replace(" ", ", ", StringComparison.Ordinal)})", key, environment, cBuild);
}
