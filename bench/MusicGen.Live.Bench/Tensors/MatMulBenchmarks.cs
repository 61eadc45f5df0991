using BenchmarkDotNet.Attributes;
using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Bench.Tensors;

/// <summary>
/// Square C = A·Bᵀ (Linear's layout), packed SIMD kernel against the scalar reference (Baseline).
/// GFLOP/s = 2·N³ / mean time; the N=256 row is 33.5 MFLOP per call.
/// Run: dotnet run -c Release --project bench/MusicGen.Live.Bench -- --filter '*MatMulBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MatMulBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    [Params(64, 256, 512)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _a = Enumerable.Range(0, N * N).Select(_ => (float)rng.NextDouble()).ToArray();
        _b = Enumerable.Range(0, N * N).Select(_ => (float)rng.NextDouble()).ToArray();
        _c = new float[N * N];
    }

    [Benchmark(Baseline = true)]
    public void Reference() => MatMul.Reference(_a, _b, _c, N, N, N, MatMulOptions.TransposeB);

    [Benchmark]
    public void Packed() => MatMul.Run(_a, _b, _c, N, N, N, MatMulOptions.TransposeB);
}
