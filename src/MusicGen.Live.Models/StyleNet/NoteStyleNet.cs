using MusicGen.Live.Models.Cards;
using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The note-level StyleNet for inference: LSTM over notes → Linear → ReLU → Linear → velocity/127.
/// Weights use the training names (<c>lstm.weight_ih_l0</c>, <c>head1.weight</c>, <c>head2.bias</c>, ...).
/// Immutable once loaded, so one instance may serve many <see cref="NoteStyleNetRunState"/>s on different
/// threads. Look-ahead comes in through <see cref="NoteFeatures"/>: a causal LSTM plus a window of later notes
/// in each step's input, which costs one LSTM step per note whatever the look-ahead, and computes the same
/// thing offline and live.
/// </summary>
public sealed class NoteStyleNet : INoteStyleNetMember
{
    /// <summary>The card kind of a streaming note model.</summary>
    public const string Kind = "stylenet-note";

    private readonly NoteStyleNetLayers _layers;

    private NoteStyleNet(NoteStyleNetConfig config, NoteStyleNetLayers layers, StyleNetPrecision precision = StyleNetPrecision.Fp32)
    {
        Config = config;
        _layers = layers;
        Precision = precision;
    }

    public NoteStyleNetConfig Config { get; }

    /// <summary>The LSTM weight format its run states (<see cref="Predict(ReadOnlySpan{StyleNetNote}, Lookahead, StyleNetStyle, Span{float})"/>,
    /// <see cref="CreateStream"/>) use: <see cref="StyleNetPrecision.Fp32"/> as loaded.</summary>
    public StyleNetPrecision Precision { get; }

    /// <summary>The same weights (shared, not copied) run at <paramref name="precision"/>.</summary>
    public NoteStyleNet WithPrecision(StyleNetPrecision precision) => precision == Precision ? this : new NoteStyleNet(Config, _layers, precision);

    public bool ReadsInputDynamics => Config.ReadsInputDynamics;

    public bool ReadsWholeFile => false;

    public INoteVelocityModel WithinLookahead() => this;

    internal LstmWeights Lstm => _layers.Lstm;

    internal Linear Head1 => _layers.Head1;

    internal Linear Head2 => _layers.Head2;

    /// <summary>
    /// Builds the model from named tensors; a missing or misshapen tensor throws <see cref="WeightMismatchException"/>
    /// naming it. <paramref name="prefix"/> selects one model of several in a file (an ensemble's <c>m0.</c>, <c>m1.</c>).
    /// </summary>
    public static NoteStyleNet FromTensors(NamedTensors tensors, NoteStyleNetConfig config, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (config.Bidirectional)
        {
            throw new ArgumentException("a bidirectional note StyleNet cannot stream: load it as OfflineNoteStyleNet (kind stylenet-note-offline)", nameof(config));
        }

        return new NoteStyleNet(config, NoteStyleNetLayers.Load(tensors, config, prefix));
    }

    /// <summary>Adds this model's tensors, under the names <see cref="FromTensors"/> reads, after <paramref name="prefix"/>.</summary>
    public void AddTo(NamedTensors tensors, string prefix = "") => _layers.AddTo(tensors, prefix);

    /// <summary>Loads a shipped model through its card (checksum, sizes and shapes checked).</summary>
    public static NoteStyleNet Load(string cardPath) =>
        ModelCard.LoadModel<NoteStyleNetConfig, NoteStyleNet>(cardPath, Kind, (t, c) => FromTensors(t, c));

    /// <summary>Velocities (1–127, unrounded) for a whole note sequence ordered by onset, as the stream would give them.</summary>
    public void Predict(ReadOnlySpan<StyleNetNote> notes, float lookaheadSeconds, StyleNetStyle style, Span<float> velocities) =>
        Predict(notes, Lookahead.FromSeconds(lookaheadSeconds), style, velocities);

    /// <summary>Velocities for a whole note sequence ordered by onset: what a <see cref="CreateStream"/> of the same look-ahead gives note by note.</summary>
    /// <exception cref="ModelOutputException">The model gave NaN or infinity for a note (broken weights).</exception>
    public void Predict(ReadOnlySpan<StyleNetNote> notes, Lookahead lookahead, StyleNetStyle style, Span<float> velocities) =>
        INoteStyleNetStep.Predict(new NoteStyleNetRunState(this), notes, lookahead, style, velocities);

    /// <summary>A stream for live input (see <see cref="NoteStyleNetStreamer"/>).</summary>
    public NoteStyleNetStreamer CreateStream(Lookahead lookahead, StyleNetStyle style, int capacity = 512) => new(new NoteStyleNetRunState(this), lookahead, style, capacity);
}
