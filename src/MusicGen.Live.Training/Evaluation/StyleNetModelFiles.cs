using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Weights;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Evaluation;

/// <summary>
/// The StyleNet models an evaluation names: a card (its kind says which model), or a training run's bare weights,
/// whose shapes come from the training config; several note models make one ensemble.
/// </summary>
public static class StyleNetModelFiles
{
    /// <summary>One path: a single model or an ensemble card; several: an ensemble of single models (repeats weigh more).</summary>
    public static INoteVelocityModel LoadNoteModel(IReadOnlyList<string> paths, StyleNetTrainingConfig cfg)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 1 && paths[0].EndsWith(".json", StringComparison.Ordinal) && ModelCard.Read(paths[0]).Kind == NoteStyleNetEnsemble.Kind)
        {
            return NoteStyleNetEnsemble.Load(paths[0]);
        }

        if (paths.Count == 1)
        {
            return LoadMember(paths[0], cfg);
        }

        // A path listed k times is one member of weight k: weighed on valid without running (or shipping) it twice.
        var distinct = paths.Distinct().ToArray();
        var weights = distinct.Length == paths.Count ? null : distinct.Select(p => (float)paths.Count(q => q == p)).ToArray();
        return new NoteStyleNetEnsemble([.. distinct.Select(p => LoadMember(p, cfg))], weights);
    }

    public static ArticleStyleNet LoadArticle(string path, StyleNetTrainingConfig cfg)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".json", StringComparison.Ordinal) ? ArticleStyleNet.Load(path) : ArticleStyleNet.FromTensors(SafeTensors.Read(path), ArticleConfig(cfg));
    }

    /// <summary>The article model's shape as the training config gives it.</summary>
    public static ArticleStyleNetConfig ArticleConfig(StyleNetTrainingConfig cfg)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        return new() { Hidden = cfg.Article.Hidden, GenreLayers = cfg.Article.GenreLayers, Window = cfg.Article.SeqLen };
    }

    /// <summary>A streaming or whole-file model: by its card's kind, or for bare weights by the config's note model.</summary>
    private static INoteStyleNetMember LoadMember(string path, StyleNetTrainingConfig cfg) =>
        path.EndsWith(".json", StringComparison.Ordinal) ? INoteStyleNetMember.Load(path) : INoteStyleNetMember.FromTensors(SafeTensors.Read(path), cfg.Note.Model);
}
