using Microsoft.ML.OnnxRuntime;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Onnx;

/// <summary>
/// A streaming note StyleNet (<c>stylenet-note</c>, <c>stylenet-note-large</c>) on ONNX Runtime: its card (kind,
/// config, and the <c>onnx</c> section's size and SHA-256, checked as the safetensors are) and one session.
/// <see cref="Predict"/> serves <c>humanize</c>; <see cref="CreateStep"/> gives the live engine a step of its own.
/// Models without an exported step (the file ensemble, the bidirectional whole-file model) run natively only.
/// Threading: the session is shared; <see cref="Predict"/> may run on several threads at once (a step each).
/// </summary>
public sealed class OrtNoteStyleNet : INoteVelocityModel, IDisposable
{
    private OrtNoteStyleNet(NoteStyleNetConfig config, InferenceSession session, string runtime)
    {
        Config = config;
        Session = session;
        Runtime = runtime;
    }

    public NoteStyleNetConfig Config { get; }

    /// <summary>"onnx cpu", "onnx cuda:N", or the CPU with the reason <c>auto</c> did not take CUDA.</summary>
    public string Runtime { get; }

    public bool ReadsInputDynamics => Config.ReadsInputDynamics;

    public bool ReadsWholeFile => false;

    internal InferenceSession Session { get; }

    /// <summary>Loads the model a card names; a card of another kind, or one without an ONNX step, is an error naming it.</summary>
    public static OrtNoteStyleNet Load(string cardPath, OnnxDevice device)
    {
        var card = ModelCard.Read(cardPath);
        if (card.Kind != NoteStyleNet.Kind)
        {
            throw new ModelFileException(
                cardPath,
                $"is a '{card.Kind}' model; ONNX Runtime runs the streaming note StyleNets "
                    + $"('{NoteStyleNet.Kind}': models/stylenet-note.json, models/stylenet-note-large.json), "
                    + "the ensemble and whole-file models run natively only",
                "kind");
        }

        var config = card.ReadConfig<NoteStyleNetConfig>();
        if (config.Bidirectional || config.StateRefresh != 0)
        {
            throw new ModelFileException(cardPath, "the ONNX step covers streaming models without state refresh; this one runs natively only");
        }

        if (card.Onnx?.Step is not { } entry)
        {
            throw new ModelFileException(cardPath, "has no onnx section (run tools/export_onnx.py)", "onnx");
        }

        var path = entry.Verify(cardPath);
        try
        {
            return new OrtNoteStyleNet(config, OrtSessions.Open(path, device, out var note), note);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFileException(path, $"ONNX Runtime cannot load it: {e.Message}", inner: e);
        }
    }

    public INoteVelocityModel WithinLookahead() => this;

    public void Predict(ReadOnlySpan<StyleNetNote> notes, float lookaheadSeconds, StyleNetStyle style, Span<float> velocities)
    {
        using var step = CreateStep();
        INoteStyleNetStep.Predict(step, notes, Lookahead.FromSeconds(lookaheadSeconds), style, velocities);
    }

    /// <summary>A step with its own LSTM state and bindings (the caller disposes it).</summary>
    public OrtNoteStyleNetStep CreateStep() => new(this);

    public void Dispose() => Session.Dispose();
}
