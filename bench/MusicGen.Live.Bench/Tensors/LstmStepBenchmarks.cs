using BenchmarkDotNet.Attributes;
using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Layers;

namespace MusicGen.Live.Bench.Tensors;

/// <summary>
/// One streaming LSTM step, input 176, hidden 256 (one layer): the fused SIMD path (<see cref="LstmStreamer"/>)
/// and its bf16-weight variant, against the same step built from scalar references (Baseline).
/// Run: dotnet run -c Release --project bench/MusicGen.Live.Bench -- --filter '*LstmStepBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class LstmStepBenchmarks
{
    private const int Input = 176;
    private const int Hidden = 256;
    private LstmWeights _weights = null!;
    private LstmStreamer _streamer = null!;
    private LstmStreamer _compact = null!;
    private readonly float[] _x = new float[Input];
    private readonly float[] _y = new float[Hidden];
    private readonly float[] _h = new float[Hidden];
    private readonly float[] _c = new float[Hidden];
    private readonly float[] _gates = new float[4 * Hidden];

    [GlobalSetup]
    public void Setup()
    {
        _weights = LstmWeights.Random(new Random(1), new LstmConfig(Input, Hidden));
        _streamer = new LstmStreamer(_weights);
        _compact = new LstmStreamer(_weights, bfloat16: true);
        var rng = new Random(2);
        for (var i = 0; i < Input; i++)
        {
            _x[i] = (float)rng.NextDouble();
        }
    }

    [Benchmark(Baseline = true)]
    public void Reference()
    {
        MatVec.Reference(_weights.WeightIh[0].Data, _x, _gates, 4 * Hidden, Input);
        MatVec.Reference(_weights.WeightHh[0].Data, _h, _gates, 4 * Hidden, Hidden, accumulate: true);
        Elementwise.AddReference(_gates, _weights.BiasIh[0].Data, _gates);
        Elementwise.AddReference(_gates, _weights.BiasHh[0].Data, _gates);
        LstmCell.Reference(_gates, _c, _c, _h, 1, Hidden);
    }

    [Benchmark]
    public void Fused() => _streamer.Step(_x, _y);

    [Benchmark]
    public void FusedBFloat16() => _compact.Step(_x, _y);
}
