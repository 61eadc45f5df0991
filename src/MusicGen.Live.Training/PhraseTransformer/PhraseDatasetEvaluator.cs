using System.Globalization;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// <c>musicgen eval transformer --per-dataset</c>: bits per event of the phrase model, of other phrase models
/// (<c>--compare</c>, such as the previously shipped one) and of the LSTM composer on one split of each data set
/// (nasap, pop909 PIANO + MELODY, piano-midi.de), every model on the same events (30..max of each file, as
/// <see cref="PhraseEvaluator"/>). A style-conditioned model is fed each data set's style
/// (<see cref="PhraseCorpus.DatasetStyles"/>); a style-less one none. The LSTM composer is the one trained by
/// <c>eval transformer</c> in its run folder (nasap train); without that folder its rows are left out, said so.
/// Threading: the caller's thread, files scored in parallel.
/// </summary>
public static class PhraseDatasetEvaluator
{
    public static IReadOnlyDictionary<string, double> Run(PhraseEvalOptions o, IReadOnlyList<string> compare, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(compare);
        ArgumentNullException.ThrowIfNull(log);
        var (model, card) = PhraseTransformerFile.Load(o.ModelStem);
        var models = new List<(string Name, PhraseTransformerModel Model)> { (Label(o.ModelStem, model), model) };
        foreach (var stem in compare)
        {
            var other = PhraseTransformerFile.Load(stem).Model;
            models.Add((Label(stem, other), other));
        }

        var lstmPath = Path.Combine(o.LstmRunDir, TrainingLoop.BestFile);
        LstmComposer? lstm = null;
        if (File.Exists(lstmPath))
        {
            lstm = new LstmComposer(model.Encoding);
            CheckpointStore.LoadWeights(lstmPath, lstm.Parameters);
        }
        else
        {
            log($"no LSTM composer at {lstmPath}: its rows are left out (eval transformer without --per-dataset trains it there)");
        }

        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        log($"{"data set",-12} {"model",-28} {"bits/event",10} {"shift",7} {"kind",7} {"pitch",7} {"duration",8} {"velocity",8} {"events",8}");
        foreach (var (dataset, style) in PhraseCorpus.DatasetStyles)
        {
            var corpus = PhraseCorpus.LoadDataset(o.DataRoot, o.Split, dataset, o.CacheDir, o.Threads);
            var (files, events) = PhraseEvaluator.ScoredFiles(model.Encoding, corpus, o.MaxEventsPerFile);
            results[$"{o.Split}_{dataset}_scored_events"] = events;
            foreach (var (name, m) in models)
            {
                var fed = m.Config.Styles > 0 ? (int)style : PhraseRunState.NoStyle;
                Row(dataset, name + (fed == PhraseRunState.NoStyle ? string.Empty : $" [{StyleNames.Name(style)}]"), name, new TransformerScorer(m, name, fed), files, events);
            }

            if (lstm is not null)
            {
                Row(dataset, lstm.Name, lstm.Name, lstm, files, events);
            }
        }

        PhraseEvaluator.WriteCard(o, card, results, log);
        return results;

        void Row(string dataset, string shown, string key, IPhraseScorer scorer, List<PhraseToken[]> files, long events)
        {
            var bits = PhraseEvaluator.ScoreAll(scorer, files, o.Threads).Select(n => n / events / Math.Log(2)).ToArray();
            results[$"{o.Split}_{dataset}_bits_{key}"] = bits.Sum();
            for (var f = 0; f < bits.Length; f++)
            {
                results[$"{o.Split}_{dataset}_bits_{key}_{PhraseTransformerModel.FieldName(f)}"] = bits[f];
            }

            log(string.Create(CultureInfo.InvariantCulture, $"{dataset,-12} {shown,-28} {bits.Sum(),10:F3} {bits[0],7:F3} {bits[1],7:F3} {bits[2],7:F3} {bits[3],8:F3} {bits[4],8:F3} {events,8}"));
        }
    }

    // "transformer" for the model under test's own stem; other stems by file name, so rows stay apart.
    private static string Label(string stem, PhraseTransformerModel model) =>
        Path.GetFileName(stem) + (model.Config.Styles > 0 ? $" ({model.Config.Styles} styles)" : string.Empty);
}
