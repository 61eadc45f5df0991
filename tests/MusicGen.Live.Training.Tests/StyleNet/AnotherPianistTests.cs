using MusicGen.Live.Midi;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;
using MusicGen.Live.Training.Data;
using MusicGen.Live.Training.Evaluation;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Tests.StyleNet;

public sealed class AnotherPianistTests
{
    private static readonly string s_fugue = Path.Combine(RepoPaths.Data, "nasap", "Bach", "Fugue", "bwv_848");

    // Three performances of one fugue, and one of another fugue (the only one given of its score).
    private static readonly string[] s_performances =
    [
        "nasap/Bach/Fugue/bwv_848/Denisova06M.mid",
        "nasap/Bach/Fugue/bwv_848/Lee01M.mid",
        "nasap/Bach/Fugue/bwv_848/LeeSH01M.mid",
        "nasap/Bach/Fugue/bwv_846/Shi05M.mid",
    ];

    private static bool HaveData => Directory.Exists(s_fugue);

    private static StyleNetPiece Real(string path) =>
        StyleNetDataBuilder.Nasap(new SplitEntry(path, "nasap", Path.GetDirectoryName(path)!, SplitName.Valid, MidiFileKind.Performance), Path.Combine(RepoPaths.Data, path))!;

    private static string Tsv(string path) => Path.ChangeExtension(Path.Combine(RepoPaths.Data, path), null) + "_aligned.tsv.gz";

    [Fact]
    public void Each_performed_note_gets_the_velocity_the_next_pianist_played_for_its_score_note()
    {
        if (!HaveData)
        {
            return; // data folder not present in this checkout
        }

        var a = Real(s_performances[0]);
        var another = new AnotherPianist([a, Real(s_performances[1]), Real(s_performances[2])]);
        Assert.Equal(s_performances[1], another.PartnerOf(a).Name);

        // Read straight from the files: A's matched rows by performed onset and pitch, B's velocities by score note.
        var rowsOfA = AlignedFile.Read(Tsv(s_performances[0])).Rows.Where(r => r.Kind == 'M').ToLookup(r => (r.OnsetSeconds, r.PerfPitch));
        var rowsOfB = AlignedFile.Read(Tsv(s_performances[1])).Rows.Where(r => r.Kind == 'M' && r.Velocity > 0).ToLookup(r => (r.OnsetQ, r.ScorePitch));
        var predicted = new float[a.PerfNotes.Length];
        var fellBack = another.Predict(a, TimingForm.Performance, predicted);
        int checkedNotes = 0, expectedFallbacks = 0;
        for (var k = 0; k < a.PerfNotes.Length; k++)
        {
            var j = a.PerfScoreIndex![k];
            if (j < 0)
            {
                expectedFallbacks++; // an inserted note: no score note, so no B velocity
                continue;
            }

            // The builder's key is the score note of this very performed note.
            Assert.Contains(rowsOfA[(a.PerfNotes[k].OnsetSeconds, a.PerfNotes[k].Pitch)], r => r.OnsetQ == a.ScoreOnsetQ![j] && r.ScorePitch == a.ScoreNotes[j].Pitch);
            var inB = rowsOfB[(a.ScoreOnsetQ![j], a.ScoreNotes[j].Pitch)].ToList();
            if (inB.Count == 0)
            {
                expectedFallbacks++; // B left this score note out
            }
            else if (inB.Count == 1)
            {
                Assert.Equal(inB[0].Velocity, predicted[k]);
                checkedNotes++;
            }
        }

        Assert.True(checkedNotes > 0.9 * a.PerfNotes.Length, $"{checkedNotes} of {a.PerfNotes.Length} notes checked against B's file");
        Assert.Equal(expectedFallbacks, fellBack);
        Assert.InRange(fellBack, 1, a.PerfNotes.Length / 10);
        Assert.All(predicted, v => Assert.InRange(v, 1f, 127f));

        // The two pianists are not one: the velocities differ, but follow each other.
        var target = a.PerfVelocities.Select(v => (float)v).ToArray();
        Assert.NotEqual(target, predicted);
        var metrics = default(MusicGen.Live.Training.Common.RegressionMetrics);
        for (var k = 0; k < target.Length; k++)
        {
            metrics.Add(predicted[k], target[k]);
        }

        Assert.InRange(metrics.Pearson, 0.2, 0.95);

        // Score timing: the same score notes, in score order, so the same velocities for the matched ones.
        var scorePredicted = new float[a.ScoreNotes.Length];
        another.Predict(a, TimingForm.Score, scorePredicted);
        for (var k = 0; k < a.PerfNotes.Length; k++)
        {
            if (a.PerfScoreIndex![k] is var j and >= 0 && rowsOfB[(a.ScoreOnsetQ![j], a.ScoreNotes[j].Pitch)].Count() == 1)
            {
                Assert.Equal(predicted[k], scorePredicted[j]);
            }
        }
    }

    [Fact]
    public void The_partner_is_the_next_performance_of_the_score_wrapping_and_a_score_played_once_is_left_out()
    {
        if (!HaveData)
        {
            return; // data folder not present in this checkout
        }

        var pieces = s_performances.Select(Real).ToList();
        var another = new AnotherPianist(pieces.AsEnumerable().Reverse());
        Assert.Equal(s_performances[1], another.PartnerOf(pieces[0]).Name);
        Assert.Equal(s_performances[2], another.PartnerOf(pieces[1]).Name);
        Assert.Equal(s_performances[0], another.PartnerOf(pieces[2]).Name);
        Assert.False(another.HasPartner(pieces[3]));
        Assert.Equal(1, another.LeftOut);
        Assert.Throws<ArgumentException>(() => another.PartnerOf(pieces[3]));

        // A piece without score keys (pop909, or data read before they existed) is neither paired nor counted.
        var keyless = new AnotherPianist([pieces[0], pieces[1] with { PerfScoreIndex = null }]);
        Assert.False(keyless.HasPartner(pieces[0]));
        Assert.Equal(1, keyless.LeftOut);
    }

    [Fact]
    public void A_note_the_other_pianist_has_no_velocity_for_gets_the_mean_of_the_16_notes_around_it()
    {
        float[] values = [10, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50];
        var known = values.Select((v, i) => i is 0 or 2 or 25).ToArray();
        Assert.Equal(values.Length - 3, AnotherPianist.FillGaps(values, known, fallback: 99));
        Assert.Equal(20f, values[1]); // notes 0 and 2 are in its window (−8 … +7)
        Assert.Equal(30f, values[9]); // window 1 … 16: note 2 only
        Assert.Equal(30f, values[10]); // window 2 … 17: note 2 at its first place
        Assert.Equal(99f, values[11]); // window 3 … 18: none known, so the fallback (the other pianist's piece mean)
        Assert.Equal(99f, values[17]); // window 9 … 24: none known
        Assert.Equal(50f, values[18]); // window 10 … 25: note 25
        Assert.Equal(10f, values[0]);
        Assert.Equal(50f, values[25]);
    }

    [Fact]
    public void The_model_reads_the_whole_piece_and_is_scored_on_the_notes_both_pianists_played()
    {
        if (!HaveData)
        {
            return; // data folder not present in this checkout
        }

        var pieces = s_performances.Select(Real).ToList();
        var another = new AnotherPianist(pieces);
        var model = TinyModel();
        var eval = new StyleNetEvaluator(pieces, "valid", threads: 1);
        var shared = eval.Restricted(another.HasPartner).OnSharedNotes(another);
        var row = Assert.Single(shared.Note(model, 1f, "live"));
        var memoRow = Assert.Single(shared.Note(model, 1f, "live", new PredictionMemo()));

        // By hand: the live row's velocities over each whole fugue performance, kept where the next pianist played the note.
        var expected = default(MusicGen.Live.Training.Common.RegressionMetrics);
        foreach (var p in pieces.Take(3))
        {
            var all = new float[p.PerfNotes.Length];
            model.Predict(VelocityEvaluation.WithoutBeats(VelocityEvaluation.WithoutDynamics(p.PerfNotes)), 0, StyleNetStyle.Classical, all);
            var sharedPiece = another.SharedNotes(p, out var kept, out _);
            Assert.Equal(kept.Select(k => p.PerfVelocities[k]), sharedPiece.PerfVelocities);
            foreach (var k in kept)
            {
                expected.Add(all[k], p.PerfVelocities[k]);
            }
        }

        Assert.Equal(expected.Count, row.Performance.Count);
        Assert.Equal(expected.Mae, row.Performance.Mae, 4);
        Assert.Equal(row.Performance.Mae, memoRow.Performance.Mae, 9);
        Assert.Equal(row.Discriminator, memoRow.Discriminator, 9);
    }

    /// <summary>A tiny untrained streaming model (random initial weights).</summary>
    private static INoteVelocityModel TinyModel()
    {
        var task = new NoteStyleNetTask(
            new NoteTrainingConfig { Model = new NoteStyleNetConfig { Hidden = 4, Layers = 1, HeadHidden = 4 }, SeqLen = 16, Batch = 1, ValidNotesPerPiece = 0 },
            [TestPieces.PitchLed("t", "nasap", "train", 1, 64, 0.25, 0.2, (p, _) => p), TestPieces.PitchLed("v", "nasap", "valid", 2, 64, 0.25, 0.2, (p, _) => p)],
            threads: 1);
        task.Initialize(new MusicGen.Live.Tensors.Training.TrainRandom(1));
        return task.ToVelocityModel();
    }

    [Fact]
    public void Eval_stylenet_prints_the_other_pianist_rows_over_the_performances_that_have_one()
    {
        if (!HaveData)
        {
            return; // data folder not present in this checkout
        }

        var cache = Path.Combine(Path.GetTempPath(), $"musicgen-another-{Guid.NewGuid():N}.bin");
        try
        {
            // Through the data cache, as eval stylenet reads it: the score keys must survive it.
            StyleNetDataCache.Write(cache, [.. s_performances.Select(Real)]);
            var log = new StringWriter();
            var result = StyleNetEvaluation.Run(
                new StyleNetTrainingConfig { Cache = cache, Threads = 1 },
                new StyleNetEvalOptions { ConfigPath = "test", Split = "valid", NotePaths = ["none"], ArticlePath = "none" },
                log);
            var table = new StringWriter();
            StyleNetEvalTable.Write(table, result.Rows, "valid");

            var human = Assert.Single(result.Rows, r => r.Name == "another pianist (same piece)");
            var shifted = Assert.Single(result.Rows, r => r.Name == "another pianist, shifted to the piece mean (oracle)");
            var shared = Assert.Single(result.Rows, r => r.Name == "another pianist (same piece), notes both played");
            Assert.Contains("another pianist (same piece)", table.ToString(), StringComparison.Ordinal);
            Assert.Contains("3 of 4 performances", log.ToString(), StringComparison.Ordinal);

            // Three performances of one fugue, not the fourth: only their notes are scored.
            var fugueNotes = s_performances[..3].Select(Real).Sum(p => p.PerfNotes.Length);
            Assert.Equal(fugueNotes, human.Performance.Count);
            Assert.Equal(fugueNotes + Real(s_performances[3]).PerfNotes.Length, result.Rows[0].Performance.Count);
            Assert.True(shifted.Performance.Mae <= human.Performance.Mae + 1e-9);
            Assert.InRange(human.Performance.Mae, 3, 30);
            Assert.InRange(human.PerformanceExpressiveness!.StdRatio, 0.3, 3);
            Assert.InRange(human.Discriminator, 0, 1);

            // On the notes both played no rule fills in: fewer notes, and the same ones in both timing forms.
            Assert.InRange(shared.Performance.Count, fugueNotes * 0.8, fugueNotes - 1);
            Assert.Equal(shared.Performance.Count, shared.Score.Count);
            Assert.Equal(shared.Performance.Mae, shared.Score.Mae, 9);
        }
        finally
        {
            File.Delete(cache);
        }
    }
}
