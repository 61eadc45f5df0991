using MusicGen.Live.Models.Cards;
using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The article StyleNet for inference, as the article built it: the piano roll (<see cref="PianoRoll16"/>) goes
/// through the chosen genre's Bi-LSTM stack (<c>classical.*</c> or <c>pop.*</c>), then the shared Bi-LSTM
/// interpretation layer (<c>interp.*</c>), then a linear layer widening to 88 outputs (<c>out.*</c>),
/// velocity/127 per key and step. It sees whole windows of <see cref="ArticleStyleNetConfig.Window"/> steps
/// (future included), so it serves files, not live input. Immutable after load; <see cref="Predict"/> allocates
/// its own run state, so concurrent calls are safe.
/// </summary>
public sealed class ArticleStyleNet
{
    public const string Kind = "stylenet-article";

    private readonly LstmWeights[] _genre;

    private ArticleStyleNet(ArticleStyleNetConfig config, LstmWeights[] genre, LstmWeights interp, Linear output)
    {
        Config = config;
        _genre = genre;
        Interp = interp;
        Output = output;
    }

    public ArticleStyleNetConfig Config { get; }

    internal LstmWeights Interp { get; }

    internal Linear Output { get; }

    public static ArticleStyleNet FromTensors(NamedTensors tensors, ArticleStyleNetConfig config)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var genreCfg = new LstmConfig(PianoRoll16.Inputs, config.Hidden, config.GenreLayers, Bidirectional: true);
        LstmWeights[] genre = [LstmWeights.Load(tensors, "classical.", genreCfg), LstmWeights.Load(tensors, "pop.", genreCfg)];
        var interp = LstmWeights.Load(tensors, "interp.", new LstmConfig(2 * config.Hidden, config.Hidden, 1, Bidirectional: true));
        var output = Linear.Load(tensors, "out.", 2 * config.Hidden, PianoRoll16.Keys);
        return new ArticleStyleNet(config, genre, interp, output);
    }

    public static ArticleStyleNet Load(string cardPath) =>
        ModelCard.LoadModel<ArticleStyleNetConfig, ArticleStyleNet>(cardPath, Kind, FromTensors);

    /// <summary>
    /// Velocities (1–127) read back at each note's onset cell, the roll cut into windows of
    /// <see cref="ArticleStyleNetConfig.Window"/> steps of <paramref name="stepSeconds"/> (a 1/16 note).
    /// </summary>
    public void Predict(ReadOnlySpan<StyleNetNote> notes, double stepSeconds, StyleNetStyle style, Span<float> velocities)
    {
        if (!(stepSeconds > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(stepSeconds), stepSeconds, "article StyleNet needs a positive 1/16-note length");
        }

        var w = Config.Window;
        var h2 = 2 * Config.Hidden;
        var total = PianoRoll16.StepCount(notes, stepSeconds);
        var cells = new (int Step, int Key)[notes.Length];
        PianoRoll16.OnsetCells(notes, stepSeconds, cells);
        var genre = _genre[(int)style];
        var genreState = new LstmRunState(genre.Config, 1, w);
        var interpState = new LstmRunState(Interp.Config, 1, w);
        var roll = new float[w * PianoRoll16.Inputs];
        var mid = new float[w * h2];
        var top = new float[w * h2];
        var output = new float[w * PianoRoll16.Keys];
        var order = Enumerable.Range(0, notes.Length).OrderBy(i => cells[i].Step).ToArray();
        var k = 0;
        for (var first = 0; first < total; first += w)
        {
            PianoRoll16.Encode(notes, stepSeconds, first, w, roll);
            Lstm.Forward(genre, genreState, roll, mid, 1, w);
            Lstm.Forward(Interp, interpState, mid, top, 1, w);
            Output.Forward(top, output, w);
            for (; k < order.Length && cells[order[k]].Step < first + w; k++)
            {
                var (step, key) = cells[order[k]];
                velocities[order[k]] = key < 0 ? 64f : VelocityOutput.ToVelocity(output[((step - first) * PianoRoll16.Keys) + key], "article StyleNet");
            }
        }

        for (; k < order.Length; k++)
        {
            velocities[order[k]] = 64f;
        }
    }
}
