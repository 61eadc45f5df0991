using Microsoft.ML.OnnxRuntime;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Onnx;

/// <summary>
/// The shipped phrase model on ONNX Runtime: the card (config and the <c>onnx</c> section, both graphs' sizes
/// and SHA-256 checked as the safetensors are) and one session per graph. Sessions are shared; each
/// <see cref="CreateDecoder"/> has its own buffers and bindings. Threading: one decoder per thread.
/// </summary>
public sealed class OrtPhraseModel : IDisposable
{
    private OrtPhraseModel(PhraseTransformerConfig config, InferenceSession step, InferenceSession heads, string runtime)
    {
        Config = config;
        Step = step;
        Heads = heads;
        Runtime = runtime;
    }

    public PhraseTransformerConfig Config { get; }

    /// <summary>"onnx cpu", "onnx cuda:N", or the CPU with the reason <c>auto</c> did not take CUDA.</summary>
    public string Runtime { get; }

    internal InferenceSession Step { get; }

    internal InferenceSession Heads { get; }

    /// <summary>Loads <c>STEM.json</c> and the graphs its <c>onnx</c> section names.</summary>
    public static OrtPhraseModel Load(string stem, OnnxDevice device)
    {
        var cardPath = stem + ".json";
        var card = PhraseTransformerFile.ReadCard(cardPath);
        var config = PhraseTransformerFile.ConfigOf(card);
        if (card.Onnx?.Step is not { } stepEntry || card.Onnx.Heads is not { } headsEntry)
        {
            throw new ModelFileException(cardPath, "has no onnx section with step and heads graphs (run tools/export_onnx.py)", "onnx");
        }

        if (config.Styles > 0)
        {
            // The exported graphs have no style input: running them would silently drop the style.
            throw new ModelFileException(cardPath, $"is conditioned on {config.Styles} styles, which the ONNX graphs do not take; run it on the native runtime (--runtime native)", "config.styles");
        }

        var stepPath = stepEntry.Verify(cardPath);
        var headsPath = headsEntry.Verify(cardPath);
        InferenceSession? step = null;
        try
        {
            step = OrtSessions.Open(stepPath, device, out var note);
            var heads = OrtSessions.Open(headsPath, device, out _);
            return new OrtPhraseModel(config, step, heads, note);
        }
        catch (OnnxRuntimeException e)
        {
            step?.Dispose();
            throw new ModelFileException(stepPath, $"ONNX Runtime cannot load it: {e.Message}", inner: e);
        }
        catch
        {
            step?.Dispose();
            throw;
        }
    }

    /// <summary>A decoder with its own KV rings, bound to this model's sessions.</summary>
    /// <param name="window">Attention window; default the card's (rotary positions are relative, so any window works, as natively).</param>
    public OrtPhraseDecoder CreateDecoder(int? window = null) => new(this, window ?? Config.Window);

    public void Dispose()
    {
        Step.Dispose();
        Heads.Dispose();
    }
}
