using BenchmarkDotNet.Attributes;
using MusicGen.Live.Tensors.Layers;

namespace MusicGen.Live.Bench.Tensors;

/// <summary>
/// One cached decode step of the 4-layer, d=256, 4-head transformer at a full 1024-position window,
/// float against bf16 weights + cache (the same model as <c>musicgen bench decode</c>).
/// Run: dotnet run -c Release --project bench/MusicGen.Live.Bench -- --filter '*DecodeStepBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DecodeStepBenchmarks
{
    private readonly float[] _logits = new float[512];
    private Transformer _model = null!;
    private TransformerRunState _state = null!;
    private int _token;

    [Params(false, true)]
    public bool BFloat16 { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var cfg = new TransformerConfig(512, 4, new DecoderConfig(256, 4, 1024, Window: 1024));
        _model = Transformer.Random(new Random(1), cfg);
        if (BFloat16)
        {
            _model.UseBFloat16ForDecode();
        }

        _state = new TransformerRunState(cfg, 1, BFloat16);
        for (var t = 0; t < 1024; t++)
        {
            _model.Step(t % 512, _logits, _state);
        }
    }

    [Benchmark]
    public void Step() => _model.Step(_token++ & 511, _logits, _state);
}
