using MusicGen.Live.Models.Cards;
using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The whole-file note StyleNet: the note model's features and head over a <em>bidirectional</em> LSTM, so each note's
/// velocity sees the entire rest of the file (where a phrase goes, the dynamics notated further on), as the
/// article's Bi-LSTM does over its piano roll. For files (<c>humanize --model offline</c>): it cannot stream one step at a
/// time, so it is a type of its own rather than a mode of <see cref="NoteStyleNet"/>, whose every caller may stream. The
/// look-ahead argument sets the feature window (<see cref="NoteFeatures"/>) the model was trained with; with
/// <see cref="NoteStyleNetConfig.WithinLookahead"/> it also bounds the backward direction (<see cref="WindowedBidirectionalRun"/>),
/// so no note reads past its look-ahead (<c>humanize --within-lookahead</c>).
/// Threading: immutable; <see cref="Predict"/> allocates its scratch per call and may run on several threads at once.
/// Live, in the engine's look-ahead mode, it runs within the look-ahead through <see cref="CreateStream"/>.
/// </summary>
public sealed class OfflineNoteStyleNet : INoteStyleNetMember
{
    public const string Kind = "stylenet-note-offline";

    private readonly NoteStyleNetLayers _layers;

    private OfflineNoteStyleNet(NoteStyleNetConfig config, NoteStyleNetLayers layers)
    {
        Config = config;
        _layers = layers;
    }

    public NoteStyleNetConfig Config { get; }

    public bool ReadsInputDynamics => Config.ReadsInputDynamics;

    public bool ReadsWholeFile => !Config.WithinLookahead;

    /// <summary>The same weights with the backward direction bounded to each note's look-ahead.</summary>
    public INoteVelocityModel WithinLookahead() => Config.WithinLookahead ? this : new OfflineNoteStyleNet(Config with { WithinLookahead = true }, _layers);

    internal NoteStyleNetLayers Layers => _layers;

    internal LstmWeights Lstm => _layers.Lstm;

    internal Linear Head1 => _layers.Head1;

    internal Linear Head2 => _layers.Head2;

    /// <summary>Builds the model from named tensors (<c>lstm.*_l{k}[_reverse]</c>, <c>head1.*</c>, <c>head2.*</c>); a missing or misshapen one throws naming it.</summary>
    public static OfflineNoteStyleNet FromTensors(NamedTensors tensors, NoteStyleNetConfig config, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (!config.Bidirectional)
        {
            throw new ArgumentException("the whole-file note StyleNet needs a bidirectional config (\"bidirectional\": true)", nameof(config));
        }

        return new OfflineNoteStyleNet(config, NoteStyleNetLayers.Load(tensors, config, prefix));
    }

    /// <summary>Adds this model's tensors, under the names <see cref="FromTensors"/> reads, after <paramref name="prefix"/>.</summary>
    public void AddTo(NamedTensors tensors, string prefix = "") => _layers.AddTo(tensors, prefix);

    /// <summary>Loads a shipped model through its card (checksum, sizes and shapes checked).</summary>
    public static OfflineNoteStyleNet Load(string cardPath) =>
        ModelCard.LoadModel<NoteStyleNetConfig, OfflineNoteStyleNet>(cardPath, Kind, (t, c) => FromTensors(t, c));

    /// <summary>
    /// A live stream of this model within <paramref name="lookahead"/> (see <see cref="NoteStyleNetStreamer"/>): each note's
    /// velocity once its look-ahead has passed, what <see cref="WithinLookahead"/>'s <see cref="Predict"/> gives the same notes.
    /// </summary>
    public NoteStyleNetStreamer CreateStream(Lookahead lookahead, StyleNetStyle style, int capacity = NoteStyleNetStreamer.DefaultCapacity) =>
        new(this, lookahead, style, capacity);

    public void Predict(ReadOnlySpan<StyleNetNote> notes, float lookaheadSeconds, StyleNetStyle style, Span<float> velocities)
    {
        if (velocities.Length < notes.Length)
        {
            throw new ArgumentException($"velocity buffer holds {velocities.Length}, needs {notes.Length}", nameof(velocities));
        }

        var count = notes.Length;
        if (count == 0)
        {
            return;
        }

        var h = new float[count * 2 * Config.Hidden];
        if (Config.WithinLookahead)
        {
            new WindowedBidirectionalRun(_layers, Config.Input).Run(notes, lookaheadSeconds, style, h);
        }
        else
        {
            WholeFile(notes, lookaheadSeconds, style, h);
        }

        var head = new float[count * Config.HeadHidden];
        Head1.Forward(h, head, count);
        Activations.Relu(head, head);
        var output = velocities[..count];
        Head2.Forward(head, output, count);
        for (var i = 0; i < count; i++)
        {
            output[i] = VelocityOutput.ToVelocity(output[i], "whole-file note StyleNet");
        }
    }

    private void WholeFile(ReadOnlySpan<StyleNetNote> notes, float lookaheadSeconds, StyleNetStyle style, Span<float> h)
    {
        var count = notes.Length;
        var input = Config.Input;
        var x = new float[count * input];
        Span<float> features = stackalloc float[NoteFeatures.Size];
        for (var i = 0; i < count; i++)
        {
            NoteFeatures.Write(notes, i, lookaheadSeconds, style, features);
            features[..input].CopyTo(x.AsSpan(i * input, input));
        }

        Tensors.Layers.Lstm.Forward(Lstm, new LstmRunState(Lstm.Config, 1, count), x, h, 1, count);
    }
}
