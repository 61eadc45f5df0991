using System.Globalization;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// <c>musicgen eval transformer</c>: scores the shipped model and every baseline (per-field unigram, pitch trigram,
/// LSTM composer) on the same events of a split, NLL in bits per event, total and per field; then continues
/// prompts and compares continuation statistics with the players' continuation (<see cref="ContinuationEvaluator"/>). Baselines are fitted on train
/// (the trigram's interpolation and the LSTM's early stopping use valid). Threading: the caller's thread, files
/// scored in parallel.
/// </summary>
public static class PhraseEvaluator
{
    /// <param name="continuationSources">Modes compared with file mode and the players besides file mode (the live replay).</param>
    public static IReadOnlyDictionary<string, double> Run(PhraseEvalOptions o, Action<string> log, IReadOnlyList<IContinuationSource>? continuationSources = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(log);
        var extra = continuationSources ?? [];
        var (model, card) = PhraseTransformerFile.Load(o.ModelStem);
        var enc = model.Encoding;
        if (o.ContinuationsOnly)
        {
            var corpus = PhraseCorpus.Load(o.DataRoot, o.Split, false, o.CacheDir, o.Threads);
            var stats = new Dictionary<string, double>(StringComparer.Ordinal);
            Continuations(model, corpus, o, stats, log, extra);
            WriteCard(o, card, stats, log);
            return stats;
        }

        if (o.BaselinesFrom is { Length: > 0 })
        {
            return RunAgainstRecordedBaselines(model, card, o, log, extra);
        }

        var train = PhraseCorpus.Load(o.DataRoot, "train", false, o.CacheDir, o.Threads);
        var valid = PhraseCorpus.Load(o.DataRoot, "valid", false, o.CacheDir, o.Threads);
        var eval = o.Split == "valid" ? valid : PhraseCorpus.Load(o.DataRoot, o.Split, false, o.CacheDir, o.Threads);
        log($"model {o.ModelStem} ({card.TrainingFigure("parameters") ?? 0:N0} parameters, step {card.TrainingFigure("steps") ?? 0}); "
            + $"scoring {eval.Sequences.Count} {o.Split} performances, events 30..{o.MaxEventsPerFile} of each");

        var trainTokens = train.Sequences.Select(s => Encode(enc, s)).ToList();
        var unigram = new UnigramScorer(enc, trainTokens);
        var trigram = new PitchTrigramScorer(enc, unigram, trainTokens);
        trigram.Lambdas = ChooseLambdas(trigram, valid.Sequences.Select(s => Encode(enc, s, o.MaxEventsPerFile)).ToList());
        var (lstm, lstmSummary) = TrainLstm(enc, train, valid, o, log);

        var (files, events) = ScoredFiles(enc, eval, o.MaxEventsPerFile);
        var results = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["lstm-composer_train_steps"] = lstmSummary.Steps,
            ["lstm-composer_best_valid_bits"] = lstmSummary.BestMetric,
        };
        IPhraseScorer[] scorers = [new TransformerScorer(model), lstm, trigram, unigram];
        LogHeader(log);
        foreach (var scorer in scorers)
        {
            Score(scorer, files, events, o, results, log);
        }

        return Finish(model, card, eval, events, o, results, log, extra);
    }

    // Scores the model alone and takes the baselines' figures from a card that scored the same events.
    private static Dictionary<string, double> RunAgainstRecordedBaselines(
        PhraseTransformerModel model,
        ModelCard card,
        PhraseEvalOptions o,
        Action<string> log,
        IReadOnlyList<IContinuationSource> extra)
    {
        var source = o.BaselinesFrom!;
        var recorded = PhraseTransformerFile.ReadCard(source).NumericMetrics();
        var eval = PhraseCorpus.Load(o.DataRoot, o.Split, false, o.CacheDir, o.Threads);
        var (files, events) = ScoredFiles(model.Encoding, eval, o.MaxEventsPerFile);
        var results = RecordedBaselines(recorded, o.Split, events, source);
        log($"model {o.ModelStem} ({card.TrainingFigure("parameters") ?? 0:N0} parameters, step {card.TrainingFigure("steps") ?? 0}); "
            + $"scoring {eval.Sequences.Count} {o.Split} performances, events 30..{o.MaxEventsPerFile} of each; "
            + $"baselines as recorded in {source}");
        LogHeader(log);
        Score(new TransformerScorer(model), files, events, o, results, log);
        foreach (var name in new[] { "lstm-composer", "pitch-trigram", "unigram" })
        {
            if (results.TryGetValue($"{o.Split}_bits_{name}", out var total))
            {
                var fields = Enumerable.Range(0, PhraseToken.FieldCount).Select(i => results.GetValueOrDefault($"{o.Split}_bits_{name}_{PhraseTransformerModel.FieldName(i)}")).ToArray();
                LogRow(log, name + "*", total, fields);
            }
        }

        log($"* as recorded in {source}");

        return Finish(model, card, eval, events, o, results, log, extra);
    }

    /// <summary>
    /// The baseline figures of <paramref name="recorded"/> (a card's metrics) for <paramref name="split"/>, refused
    /// unless that card scored the same number of events and holds the LSTM composer's total.
    /// </summary>
    internal static Dictionary<string, double> RecordedBaselines(IReadOnlyDictionary<string, double> recorded, string split, long events, string source)
    {
        var eventsKey = $"{split}_scored_events";
        var found = recorded.TryGetValue(eventsKey, out var recordedEvents);
        if (!found || (long)recordedEvents != events || !recorded.ContainsKey($"{split}_bits_lstm-composer"))
        {
            var seen = found ? recordedEvents.ToString(CultureInfo.InvariantCulture) : "absent";
            throw new InvalidDataException($"{source}: no {split} baseline figures over the same {events:N0} events ({eventsKey} = {seen}); run without --baselines-from to fit the baselines");
        }

        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (k, v) in recorded)
        {
            if (k.StartsWith("lstm-composer_", StringComparison.Ordinal)
                || (k.StartsWith($"{split}_bits_", StringComparison.Ordinal)
                    && !k.StartsWith($"{split}_bits_transformer", StringComparison.Ordinal)))
            {
                results[k] = v;
            }
        }

        return results;
    }

    private static void LogHeader(Action<string> log) =>
        log($"{"model",-16} {"bits/event",10} {"shift",7} {"kind",7} {"pitch",7} {"duration",8} {"velocity",8}");

    private static void Score(IPhraseScorer scorer, List<PhraseToken[]> files, long events, PhraseEvalOptions o, Dictionary<string, double> results, Action<string> log)
    {
        var nats = ScoreAll(scorer, files, o.Threads);
        var bits = nats.Select(n => n / events / Math.Log(2)).ToArray();
        results[$"{o.Split}_bits_{scorer.Name}"] = bits.Sum();
        for (var f = 0; f < bits.Length; f++)
        {
            results[$"{o.Split}_bits_{scorer.Name}_{PhraseTransformerModel.FieldName(f)}"] = bits[f];
        }

        LogRow(log, scorer.Name, bits.Sum(), bits);
    }

    private static void LogRow(Action<string> log, string name, double total, double[] fields) =>
        log(string.Create(CultureInfo.InvariantCulture, $"{name,-16} {total,10:F3} {fields[0],7:F3} {fields[1],7:F3} {fields[2],7:F3} {fields[3],8:F3} {fields[4],8:F3}"));

    // Every model is scored on events [LSTM window, max) of each file long enough: the same events for all.
    internal static (List<PhraseToken[]> Files, long Events) ScoredFiles(PhraseEncoding enc, PhraseCorpus corpus, int maxEventsPerFile)
    {
        var files = corpus.Sequences.Select(s => Encode(enc, s, maxEventsPerFile)).Where(t => t.Length > LstmComposer.Window).ToList();
        return (files, files.Sum(t => (long)(t.Length - LstmComposer.Window)));
    }

    private static Dictionary<string, double> Finish(
        PhraseTransformerModel model,
        ModelCard card,
        PhraseCorpus eval,
        long events,
        PhraseEvalOptions o,
        Dictionary<string,
        double> results,
        Action<string> log,
        IReadOnlyList<IContinuationSource> extra)
    {
        var gain = 1 - (results[$"{o.Split}_bits_transformer"] / results[$"{o.Split}_bits_lstm-composer"]);
        results[$"{o.Split}_gain_vs_lstm"] = gain;
        log(string.Create(CultureInfo.InvariantCulture, $"transformer NLL is {gain:P1} below the LSTM composer (target ≥ 20 %), over {events:N0} events"));

        Continuations(model, eval, o, results, log, extra);
        results[$"{o.Split}_scored_events"] = events;
        WriteCard(o, card, results, log);
        return results;
    }

    // Merges the figures into the card's metrics (test only: the card reports test figures, valid chooses).
    internal static void WriteCard(PhraseEvalOptions o, ModelCard card, Dictionary<string, double> results, Action<string> log)
    {
        if (!o.UpdateCard || o.Split != "test")
        {
            return;
        }

        foreach (var (k, v) in results)
        {
            card.Metrics[k] = Math.Round(v, 4);
        }

        card.Rewrite(o.ModelStem + ".json");
        log($"test figures written to {o.ModelStem}.json");
    }

    internal static PhraseToken[] Encode(PhraseEncoding enc, PhraseSequence s, int max = int.MaxValue)
    {
        var n = Math.Min(s.Count, max);
        var tokens = new PhraseToken[n];
        for (var i = 0; i < n; i++)
        {
            tokens[i] = enc.Encode(s[i]);
        }

        return tokens;
    }

    internal static double[] ScoreAll(IPhraseScorer scorer, List<PhraseToken[]> files, int threads)
    {
        var total = new double[PhraseToken.FieldCount];
        var gate = new Lock();
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var nats = new double[PhraseToken.FieldCount];
            scorer.Score(files[i], LstmComposer.Window, files[i].Length, nats);
            lock (gate)
            {
                for (var f = 0; f < nats.Length; f++)
                {
                    total[f] += nats[f];
                }
            }
        });
        return total;
    }

    private static double[] ChooseLambdas(PitchTrigramScorer trigram, List<PhraseToken[]> valid)
    {
        double[][] grid = [[0.6, 0.3, 0.09, 0.01], [0.4, 0.4, 0.19, 0.01], [0.2, 0.5, 0.29, 0.01], [0.7, 0.2, 0.09, 0.01], [0.5, 0.3, 0.15, 0.05]];
        var best = grid[0];
        var bestNats = double.PositiveInfinity;
        foreach (var l in grid)
        {
            trigram.Lambdas = l;
            var nats = new double[PhraseToken.FieldCount];
            foreach (var t in valid)
            {
                trigram.Score(t, LstmComposer.Window, t.Length, nats);
            }

            if (nats[(int)PhraseField.Pitch] < bestNats)
            {
                (best, bestNats) = (l, nats[(int)PhraseField.Pitch]);
            }
        }

        return best;
    }

    private static (LstmComposer Model, TrainingSummary Summary) TrainLstm(PhraseEncoding enc, PhraseCorpus train, PhraseCorpus valid, PhraseEvalOptions o, Action<string> log)
    {
        var lstm = new LstmComposer(enc);
        var task = new LstmComposerTask(lstm, train, valid);
        var options = new TrainingOptions
        {
            RunDirectory = o.LstmRunDir,
            StepsPerEpoch = 100,
            MaxEpochs = Math.Max(1, o.LstmSteps / 100),
            Patience = 5,
            CheckpointEverySteps = 50,
            Adam = new AdamOptions { LearningRate = 2e-3f },
            WarmupSteps = 20,
            MinLearningRateFraction = 0.1f,
            ClipNorm = 1.0,
            Seed = o.Seed,
            Threads = o.Threads,
        };
        var loop = new TrainingLoop(task, options, p =>
        {
            if (p.Phase != "train")
            {
                log(string.Create(CultureInfo.InvariantCulture, $"lstm-composer step {p.GlobalStep}: valid {p.ValidMetric:F3} bits/event (best {p.BestMetric:F3})"));
            }
        });
        var summary = loop.Run();
        CheckpointStore.LoadWeights(loop.BestPath, lstm.Parameters);
        log(string.Create(CultureInfo.InvariantCulture, $"lstm-composer: {summary.Steps} steps, best valid {summary.BestMetric:F3} bits/event ({o.LstmRunDir})"));
        return (lstm, summary);
    }

    private static void Continuations(
        PhraseTransformerModel model,
        PhraseCorpus eval,
        PhraseEvalOptions o,
        Dictionary<string,
        double> results,
        Action<string> log,
        IReadOnlyList<IContinuationSource> extraSources)
    {
        // The settings `continue` uses by default, with any the caller overrides: the statistics describe what a user gets.
        var settings = new PhraseSamplingSettings().ParseTemperatures(o.Temperatures).ParseTopP(o.TopP);
        IContinuationSource[] sources = [new FileContinuationSource(model, settings), .. extraSources];
        var prompts = ContinuationEvaluator.CutPrompts(eval.Sequences, o.Prompts, o.PromptSeconds, o.ContinuationSeconds);
        log(string.Create(
            CultureInfo.InvariantCulture,
            $"continuations of {prompts.Count} {o.Split} prompts from {prompts.Select(p => p.Path).Distinct().Count()} performances "
                + $"({o.PromptSeconds:0.#} s prompt → {o.ContinuationSeconds:0.#} s, {o.Seeds} seed(s) each; file: {settings.Describe()}):"));
        if (extraSources.Count == 0)
        {
            log("live replay: no source plugged in; this table has no live column");
        }

        foreach (var (k, v) in ContinuationEvaluator.Run(prompts, sources, o.Seeds, o.Seed, o.ContinuationSeconds, o.Split, log))
        {
            results[k] = v;
        }
    }
}
