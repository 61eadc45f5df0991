using BenchmarkDotNet.Attributes;
using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Bench.Tensors;

/// <summary>
/// The bf16 kernels of one PhraseTransformer decode step, one call each at the step's shapes: W·x for the fused
/// q|k|v projection [768, 256] and the MLP's down projection [256, 1024], and Wᵀ·x for one head's attention scores
/// over a 1024-slot key cache (rows 64, columns 1024, keys transposed) and its weighted sum of values (rows 1024,
/// columns 64). Each matrix fits the L2 cache, so this times the kernel's arithmetic rather than the memory
/// traffic that `musicgen bench decode` also counts. Force narrower SIMD with DOTNET_EnableAVX512=0 or DOTNET_EnableAVX=0.
/// Run: dotnet run -c Release --project bench/MusicGen.Live.Bench -- --filter '*MatVecBf16Benchmarks*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MatVecBf16Benchmarks
{
    private ushort[] _w = [];
    private float[] _x = [];
    private float[] _y = [];

    [Params("qkv 768x256", "mlp.proj 256x1024", "scores 64x1024", "values 1024x64")]
    public string Shape { get; set; } = "";

    private int _rows;
    private int _cols;
    private bool _transposed;

    [GlobalSetup]
    public void Setup()
    {
        var size = Shape.Split(' ')[1].Split('x');
        _rows = int.Parse(size[0], System.Globalization.CultureInfo.InvariantCulture);
        _cols = int.Parse(size[1], System.Globalization.CultureInfo.InvariantCulture);
        _transposed = Shape.StartsWith("scores", StringComparison.Ordinal) || Shape.StartsWith("values", StringComparison.Ordinal);
        var rng = new Random(1);
        var w = Enumerable.Range(0, _rows * _cols).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        _w = new ushort[w.Length];
        BFloat16.FromFloat(w, _w);
        _x = Enumerable.Range(0, Math.Max(_rows, _cols)).Select(_ => (float)rng.NextDouble()).ToArray();
        _y = new float[Math.Max(_rows, _cols)];
    }

    [Benchmark]
    public void Kernel()
    {
        if (_transposed)
        {
            MatVecBf16.RunTransposed(_w, _cols, _x, _y, _rows, _cols);
        }
        else
        {
            MatVecBf16.Run(_w, _cols, _x, _y, _rows, _cols);
        }
    }
}
