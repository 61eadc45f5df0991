using System.Runtime.Intrinsics.X86;

namespace MusicGen.Live.Bench.Runs.Tests;

/// <summary>How <c>bench speed</c> reads its child benches: figures from real output, failures that name the child.</summary>
public sealed class ChildBenchTests
{
    [Fact]
    public void Figures_are_the_name_value_lines_and_prose_with_an_equals_sign_is_not_one()
    {
        const string output = """
            cpu=AMD EPYC (X64, 2 cores, 1-min load average 4.24)
            bf16 window   256 context  1024: median 0.183 ms, p10 0.170; thread CPU median 0.185 ms
            decode_bf16_cpu_ms_ctx1024=0.185272
            context  1024: thread CPU median 0.566 ms (p10 0.550, p90 0.601); wall median 0.570 ms
            ref_cpu_ms_ctx1024=0.5664
            """;
        var figures = ChildBench.Figures(output);
        Assert.Equal(0.185272, ChildBench.Number(figures, "decode_bf16_cpu_ms_ctx1024", "test"));
        Assert.Equal(0.5664, ChildBench.Number(figures, "ref_cpu_ms_ctx1024", "test"));
        Assert.StartsWith("AMD EPYC", figures["cpu"], StringComparison.Ordinal);
        Assert.Equal(3, figures.Count);
        var missing = Assert.Throws<InvalidOperationException>(() => ChildBench.Number(figures, "decode_ms_ctx64", "bench decode"));
        Assert.Contains("decode_ms_ctx64", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_child_that_fails_stops_the_table_with_its_exit_code_and_last_words()
    {
        var failure = Assert.Throws<InvalidOperationException>(
            () => ChildBench.Run("bash", ["-c", "echo half=1; echo 'no model here' >&2; exit 3"], "DOTNET_EnableAVX=0"));
        Assert.Contains("exited with 3", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no model here", failure.Message, StringComparison.Ordinal);
        Assert.Contains("DOTNET_EnableAVX=0", failure.Message, StringComparison.Ordinal);
        var seen = ChildBench.Run("bash", ["-c", "echo \"a=$DOTNET_EnableAVX512\"; echo \"b=$DOTNET_PreferredVectorBitWidth\""], "DOTNET_PreferredVectorBitWidth=128 DOTNET_EnableAVX512=0");
        Assert.Equal(("0", "128"), (seen["a"], seen["b"]));
        Assert.Throws<ArgumentException>(() => ChildBench.Run("bash", ["-c", "true"], "DOTNET_EnableAVX"));
    }

    [Fact]
    public void The_widths_start_with_the_machine_as_it_is_and_each_is_forced_by_its_own_switch()
    {
        var targets = SimdTarget.OnThisMachine();
        Assert.Null(targets[0].Environment);
        Assert.Equal(targets.Count, targets.Select(t => t.Key).Distinct().Count());
        Assert.Equal(targets.Count, targets.Select(t => t.Environment).Distinct().Count());
        if (X86Base.IsSupported && Avx.IsSupported)
        {
            Assert.Contains(targets, t => t.Environment == "DOTNET_EnableAVX=0" && t.Key == "simd128");
            Assert.Contains(targets, t => t.Environment?.StartsWith("DOTNET_PreferredVectorBitWidth=128", StringComparison.Ordinal) == true && t.Key == "simd128fma");
        }
    }
}
