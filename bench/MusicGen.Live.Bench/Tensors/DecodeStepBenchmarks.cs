using BenchmarkDotNet.Attributes;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Bench.Tensors;

/// <summary>
/// One generated event of the PhraseTransformer's shape (4 layers, d=256, 4 heads, MLP 1024, five field heads;
/// random weights, so no file is needed) at a full 1024-event window, float against bf16 weights + cache: the
/// engine's step (<see cref="PhraseGenerator.SampleNext"/>). <c>musicgen bench decode</c> times the shipped
/// weights at several contexts. Force narrower SIMD with DOTNET_EnableAVX512=0 or DOTNET_EnableAVX=0.
/// Run: dotnet run -c Release --project bench/MusicGen.Live.Bench -- --filter '*DecodeStepBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DecodeStepBenchmarks
{
    private readonly PhraseSamplingSettings _settings = new();
    private PhraseGenerator _generator = null!;

    [Params(false, true)]
    public bool BFloat16 { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var model = PhraseTransformerModel.Random(new Random(1), new PhraseTransformerConfig { Window = 1024 });
        if (BFloat16)
        {
            model.UseBFloat16ForDecode();
        }

        _generator = new PhraseGenerator(model, seed: 1);
        var played = PhraseEvent.Note(0.12, 60, 0.3, 70);
        for (var t = 0; t < 1024; t++)
        {
            _generator.Observe(played with { Pitch = 48 + (t * 7 % 36) });
        }
    }

    [Benchmark]
    public PhraseEvent Step() => _generator.SampleNext(_settings);
}
