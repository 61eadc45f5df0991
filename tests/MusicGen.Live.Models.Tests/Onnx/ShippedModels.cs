using MusicGen.Live.Models.Onnx;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Models.Tests.Onnx;

/// <summary>The shipped phrase model on both runtimes, loaded once for a test class.</summary>
public sealed class ShippedModels : IDisposable
{
    private readonly Lazy<PhraseTransformerModel> _native = new(() => PhraseTransformerFile.Load(Stem).Model);
    private readonly Lazy<OrtPhraseModel> _ort = new(() => OrtPhraseModel.Load(Stem, OnnxDevice.Cpu));

    public static string Stem => RepoPaths.InRepo("models", "phrase-transformer");

    public PhraseTransformerModel PhraseNative => _native.Value;

    public OrtPhraseModel Phrase => _ort.Value;

    public void Dispose()
    {
        if (_ort.IsValueCreated)
        {
            _ort.Value.Dispose();
        }
    }
}
