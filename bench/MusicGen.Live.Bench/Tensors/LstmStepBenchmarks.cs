using BenchmarkDotNet.Attributes;
using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Layers;

namespace MusicGen.Live.Bench.Tensors;

/// <summary>
/// One streaming LSTM step (one layer) at the article StyleNet's shape (input 176, hidden 256) and the note
/// StyleNet's (input 46, hidden 96, 112 and the large model's 160): the streamer's fused step
/// (<see cref="LstmStreamer"/> over <see cref="FusedLstmStep"/>) in float, bf16 and int16, the same step as two transposed
/// matrix products and <see cref="LstmCell"/> (<see cref="MatVec.RunTransposed"/>, what the streamer ran before the
/// fused kernel) and on PyTorch's row-major layout through <see cref="MatVec.Run"/> (before that), against the step
/// built from scalar references (Baseline).
/// Run: dotnet run -c Release --project bench/MusicGen.Live.Bench -- --filter '*LstmStepBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class LstmStepBenchmarks
{
    private LstmWeights _weights = null!;
    private LstmStreamer _streamer = null!;
    private LstmStreamer _compact = null!;
    private LstmStreamer _int16 = null!;
    private float[] _x = null!;
    private float[] _y = null!;
    private float[] _h = null!;
    private float[] _c = null!;
    private float[] _gates = null!;
    private float[] _ihT = null!;
    private float[] _hhT = null!;
    private float[] _bias = null!;

    /// <summary>"input x hidden".</summary>
    [Params("176x256", "46x96", "46x112", "46x160")]
    public string Shape { get; set; } = "176x256";

    private int Input { get; set; }

    private int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Input = int.Parse(Shape.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);
        Hidden = int.Parse(Shape.Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);
        _x = new float[Input];
        _y = new float[Hidden];
        _h = new float[Hidden];
        _c = new float[Hidden];
        _gates = new float[4 * Hidden];
        _weights = LstmWeights.Random(new Random(1), new LstmConfig(Input, Hidden));
        _streamer = new LstmStreamer(_weights);
        _compact = new LstmStreamer(_weights, LstmWeightFormat.Bf16);
        _int16 = new LstmStreamer(_weights, LstmWeightFormat.Int16);
        _ihT = MatVec.Transpose(_weights.WeightIh[0].Data, 4 * Hidden, Input);
        _hhT = MatVec.Transpose(_weights.WeightHh[0].Data, 4 * Hidden, Hidden);
        _bias = new float[4 * Hidden];
        Elementwise.Add(_weights.BiasIh[0].Data, _weights.BiasHh[0].Data, _bias);
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
    public void RowMajorMatVec()
    {
        MatVec.Run(_weights.WeightIh[0].Data, _x, _gates, 4 * Hidden, Input);
        MatVec.Run(_weights.WeightHh[0].Data, _h, _gates, 4 * Hidden, Hidden, accumulate: true);
        Elementwise.Add(_gates, _weights.BiasIh[0].Data, _gates);
        Elementwise.Add(_gates, _weights.BiasHh[0].Data, _gates);
        LstmCell.Run(_gates, _c, _c, _h, 1, Hidden);
    }

    [Benchmark]
    public void TransposedMatVec()
    {
        _bias.CopyTo(_gates, 0);
        MatVec.RunTransposed(_ihT, 4 * Hidden, _x, _gates, Input, 4 * Hidden, accumulate: true);
        MatVec.RunTransposed(_hhT, 4 * Hidden, _h, _gates, Hidden, 4 * Hidden, accumulate: true);
        LstmCell.Run(_gates, _c, _c, _h, 1, Hidden);
    }

    [Benchmark]
    public void Fused() => _streamer.Step(_x, _y);

    [Benchmark]
    public void FusedBFloat16() => _compact.Step(_x, _y);

    [Benchmark]
    public void FusedInt16() => _int16.Step(_x, _y);
}
