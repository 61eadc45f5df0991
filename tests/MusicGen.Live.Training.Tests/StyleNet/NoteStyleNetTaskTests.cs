using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Training.Common;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Tests.StyleNet;

public sealed class NoteStyleNetTaskTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicgen-notetask-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Pieces where loud notes are the high ones: something a few steps of training can pick up.</summary>
    private static StyleNetPiece Piece(int seed, string split) =>
        TestPieces.PitchLed($"p{seed}", "nasap", split, seed, 200, 0.2, 0.15, (pitch, rng) => 20 + pitch + rng.Next(-3, 4));

    [Theory]
    [InlineData("mse")]
    [InlineData("smooth_l1")]
    public void A_short_run_learns_and_its_best_weights_load_as_the_inference_model(string loss)
    {
        var pieces = Enumerable.Range(0, 6).Select(i => Piece(i, i < 4 ? "train" : "valid")).ToList();
        var config = new NoteTrainingConfig
        {
            Model = new NoteStyleNetConfig { Hidden = 8, Layers = 1, HeadHidden = 8 },
            SeqLen = 16,
            Batch = 4,
            ValidNotesPerPiece = 0,
            PopFraction = 0,
            Loss = loss,
        };
        var task = new NoteStyleNetTask(config, pieces, threads: 1);
        var loop = new TrainingLoop(task, new TrainingOptions
        {
            RunDirectory = _dir,
            MaxEpochs = 3,
            StepsPerEpoch = 40,
            Patience = 5,
            Adam = new AdamOptions { LearningRate = 0.02f },
        });
        var summary = loop.Run();
        var curve = File.ReadAllLines(Path.Combine(_dir, TrainingLoop.CurvesFile));
        var firstMae = double.Parse(curve[1].Split(',')[4], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(summary.BestMetric < 12, $"valid MAE {summary.BestMetric} (first epoch {firstMae})");

        var card = Path.ChangeExtension(loop.BestPath, ".json");
        var model = NoteStyleNet.Load(card);
        var v = new float[200];
        model.Predict(pieces[5].PerfNotes, 1f, StyleNetStyle.Classical, v);
        var high = pieces[5].PerfNotes.Select((n, i) => (n.Pitch, v[i])).Where(x => x.Pitch > 80).Average(x => x.Item2);
        var low = pieces[5].PerfNotes.Select((n, i) => (n.Pitch, v[i])).Where(x => x.Pitch < 45).Average(x => x.Item2);
        Assert.True(high > low + 10, $"high notes {high:0.0} vs low {low:0.0}");
    }

    [Fact]
    public void Weights_of_a_model_without_the_dynamics_tail_are_widened_and_compute_the_same_on_flat_input()
    {
        var legacy = new NoteStyleNetConfig { Hidden = 8, Layers = 2, HeadHidden = 4, Input = NoteFeatures.LegacySize };
        var old = new NoteStyleNetTask(new NoteTrainingConfig { Model = legacy, SeqLen = 16, Batch = 2, ValidNotesPerPiece = 0 }, Pieces(), threads: 1);
        old.Initialize(new MusicGen.Live.Tensors.Training.TrainRandom(5));
        var path = Path.Combine(_dir, "legacy.safetensors");
        CheckpointStore.SaveWeights(path, old.Parameters);

        var widened = new NoteStyleNetTask(
            new NoteTrainingConfig { Model = legacy with { Input = NoteFeatures.Size }, SeqLen = 16, Batch = 2, ValidNotesPerPiece = 0, InitFrom = path },
            Pieces(),
            threads: 1);
        widened.Initialize(new MusicGen.Live.Tensors.Training.TrainRandom(6));
        var notes = Pieces()[0].PerfNotes;
        var a = new float[notes.Length];
        var b = new float[notes.Length];
        old.ToModel().Predict(notes, 1f, StyleNetStyle.Classical, a);
        widened.ToModel().Predict(notes, 1f, StyleNetStyle.Classical, b);
        Assert.Equal(a, b);

        // The new columns start at zero, so input velocities change nothing until training moves them.
        widened.ToModel().Predict(notes.Select(n => n with { InputVelocity = 99 }).ToArray(), 1f, StyleNetStyle.Classical, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_whole_file_model_widened_from_a_streaming_one_starts_out_computing_the_same_then_reads_the_whole_file()
    {
        var model = new NoteStyleNetConfig { Hidden = 8, Layers = 2, HeadHidden = 4 };
        var streaming = new NoteStyleNetTask(new NoteTrainingConfig { Model = model, SeqLen = 16, Batch = 2, ValidNotesPerPiece = 0 }, Pieces(), threads: 1);
        streaming.Initialize(new MusicGen.Live.Tensors.Training.TrainRandom(5));
        var path = Path.Combine(_dir, "streaming.safetensors");
        CheckpointStore.SaveWeights(path, streaming.Parameters);

        var whole = new NoteStyleNetTask(new NoteTrainingConfig { Model = model with { Bidirectional = true }, SeqLen = 16, Batch = 2, ValidNotesPerPiece = 0, InitFrom = path }, Pieces(), threads: 1);
        whole.Initialize(new MusicGen.Live.Tensors.Training.TrainRandom(6));
        var offline = Assert.IsType<OfflineNoteStyleNet>(whole.ToVelocityModel());
        var notes = Pieces()[0].PerfNotes;
        var a = new float[notes.Length];
        var b = new float[notes.Length];
        streaming.ToModel().Predict(notes, 1f, StyleNetStyle.Classical, a);
        offline.Predict(notes, 1f, StyleNetStyle.Classical, b);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i], 3f);
        }

        // A note 3 s on lies beyond any look-ahead (2 s at most): the streaming model's first velocity ignores it, and the
        // whole-file one, once its head reads the backward direction, does not.
        const int Far = 15;
        Assert.True(notes[Far].OnsetSeconds - notes[0].OnsetSeconds > NoteFeatures.MaxLookaheadSeconds);
        var changed = notes.ToArray();
        changed[Far] = changed[Far] with { Pitch = (byte)(changed[Far].Pitch > 60 ? 30 : 100) };
        streaming.ToModel().Predict(notes, 2f, StyleNetStyle.Classical, a);
        streaming.ToModel().Predict(changed, 2f, StyleNetStyle.Classical, b);
        Assert.Equal(a[0], b[0]);

        var head1 = whole.Parameters.Parameters.Single(p => p.Name == "head1.weight");
        new MusicGen.Live.Tensors.Training.TrainRandom(7).FillUniform(head1.Values, -1, 1);
        whole.ToVelocityModel().Predict(notes, 2f, StyleNetStyle.Classical, a);
        whole.ToVelocityModel().Predict(changed, 2f, StyleNetStyle.Classical, b);
        Assert.NotEqual(a[0], b[0]);
    }

    [Fact]
    public void A_whole_file_run_ships_a_card_of_its_own_kind_that_the_streaming_loader_refuses()
    {
        var config = new NoteTrainingConfig
        {
            Model = new NoteStyleNetConfig { Hidden = 8, Layers = 1, HeadHidden = 8, Bidirectional = true },
            SeqLen = 16,
            Batch = 4,
            ValidNotesPerPiece = 0,
            PopFraction = 0,
            Loss = "smooth_l1",
        };
        var loop = new TrainingLoop(new NoteStyleNetTask(config, Pieces(), threads: 1), new TrainingOptions { RunDirectory = _dir, MaxEpochs = 1, StepsPerEpoch = 5 });
        loop.Run();
        var card = Path.ChangeExtension(loop.BestPath, ".json");
        var model = OfflineNoteStyleNet.Load(card);
        Assert.True(model.Config.Bidirectional);
        var ex = Assert.Throws<ModelFileException>(() => NoteStyleNet.Load(card));
        Assert.Contains(OfflineNoteStyleNet.Kind, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wider_model_from_a_narrower_one_starts_out_computing_the_same_and_its_new_units_carry_signal()
    {
        var narrow = new NoteStyleNetConfig { Hidden = 8, Layers = 2, HeadHidden = 4 };
        var old = new NoteStyleNetTask(new NoteTrainingConfig { Model = narrow, SeqLen = 16, Batch = 2, ValidNotesPerPiece = 0 }, Pieces(), threads: 1);
        old.Initialize(new MusicGen.Live.Tensors.Training.TrainRandom(5));
        var path = Path.Combine(_dir, "narrow.safetensors");
        CheckpointStore.SaveWeights(path, old.Parameters);

        var wide = new NoteStyleNetTask(new NoteTrainingConfig { Model = narrow with { Hidden = 12 }, SeqLen = 16, Batch = 2, ValidNotesPerPiece = 0, InitFrom = path }, Pieces(), threads: 1);
        wide.Initialize(new MusicGen.Live.Tensors.Training.TrainRandom(6));
        var notes = Pieces()[0].PerfNotes;
        var a = new float[notes.Length];
        var b = new float[notes.Length];
        old.ToModel().Predict(notes, 0f, StyleNetStyle.Classical, a);
        wide.ToModel().Predict(notes, 0f, StyleNetStyle.Classical, b);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i], 4f);
        }

        // The new units run from their fresh rows; once the head reads them (its new columns start at 0), they count.
        var head1 = wide.Parameters.Parameters.Single(p => p.Name == "head1.weight");
        for (var r = 0; r < 4; r++)
        {
            Assert.All(head1.Values.Slice((r * 12) + 8, 4).ToArray(), w => Assert.Equal(0f, w));
            head1.Values.Slice((r * 12) + 8, 4).Fill(0.5f);
        }

        wide.ToModel().Predict(notes, 0f, StyleNetStyle.Classical, b);
        Assert.NotEqual(a, b);

        // Rows widen only where they are an LSTM's four gates; a narrower head is a mismatch, named.
        var wideHead = new NoteStyleNetTask(new NoteTrainingConfig { Model = narrow with { HeadHidden = 8 }, SeqLen = 16, Batch = 2, ValidNotesPerPiece = 0, InitFrom = path }, Pieces(), threads: 1);
        var ex = Assert.Throws<MusicGen.Live.Tensors.Weights.WeightMismatchException>(() => wideHead.Initialize(new MusicGen.Live.Tensors.Training.TrainRandom(6)));
        Assert.Equal("head1.weight", ex.TensorName);
    }

    [Fact]
    public void A_teacher_at_full_weight_replaces_the_pianist_in_the_live_rows()
    {
        // A teacher that says 0.3·127 for every note, and pieces where the pianist follows pitch: trained on the teacher
        // alone (every row live: causal, no beats, performance timing), the student learns the flat teacher, not pitch.
        var small = new NoteStyleNetConfig { Hidden = 8, Layers = 1, HeadHidden = 8 };
        var teacher = new NoteStyleNetTask(new NoteTrainingConfig { Model = small, SeqLen = 16, Batch = 2, ValidNotesPerPiece = 0 }, Pieces(), threads: 1);
        teacher.Initialize(new MusicGen.Live.Tensors.Training.TrainRandom(3));
        teacher.Parameters.Parameters.Single(p => p.Name == "head2.weight").Values.Clear();
        teacher.Parameters.Parameters.Single(p => p.Name == "head2.bias").Values.Fill(0.3f);
        var weights = Path.Combine(_dir, "teacher.safetensors");
        CheckpointStore.SaveWeights(weights, teacher.Parameters);
        teacher.OnBest(weights, new ValidationResult(0, new Dictionary<string, double>()), 0);

        var pieces = Enumerable.Range(0, 6).Select(i => Piece(i, i < 4 ? "train" : "valid")).ToList();
        var config = new NoteTrainingConfig
        {
            Model = small,
            SeqLen = 16,
            Batch = 4,
            ValidNotesPerPiece = 0,
            PopFraction = 0,
            ScoreFraction = 0,
            CausalFraction = 1,
            BeatDrop = 1,
            Teacher = Path.ChangeExtension(weights, ".json"),
            TeacherWeight = 1,
            SelectOn = "live",
        };
        var task = new NoteStyleNetTask(config, pieces, threads: 1);
        var run = Path.Combine(_dir, "student");
        var loop = new TrainingLoop(task, new TrainingOptions { RunDirectory = run, MaxEpochs = 2, StepsPerEpoch = 40, Patience = 5, Adam = new AdamOptions { LearningRate = 0.02f } });
        loop.Run();
        var v = new float[200];
        task.ToModel().Predict(VelocityEvaluation.WithoutBeats(pieces[5].PerfNotes), 0f, StyleNetStyle.Classical, v);
        var high = pieces[5].PerfNotes.Select((n, i) => (n.Pitch, v[i])).Where(x => x.Pitch > 80).Average(x => x.Item2);
        var low = pieces[5].PerfNotes.Select((n, i) => (n.Pitch, v[i])).Where(x => x.Pitch < 45).Average(x => x.Item2);
        Assert.True(Math.Abs(high - low) < 5 && Math.Abs(v.Average() - (0.3 * 127)) < 5, $"high notes {high:0.0}, low {low:0.0}, mean {v.Average():0.0}");

        // select_on live: the metric that picks the best weights is the live row's MAE.
        var result = task.Validate();
        Assert.Equal(result.Extra["valid_mae_perf_causal_nobeat"], result.Metric);
    }

    [Fact]
    public void An_unknown_selection_metric_and_a_teacher_weight_outside_0_1_are_refused_by_name()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new NoteTrainingConfig { SelectOn = "test" }.Validate());
        Assert.Contains("select_on", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new NoteTrainingConfig { TeacherWeight = 1.5f }.Validate());
        Assert.Contains("teacher_weight", ex.Message, StringComparison.Ordinal);
    }

    private static List<StyleNetPiece> Pieces() => [.. Enumerable.Range(0, 4).Select(i => Piece(i, i < 3 ? "train" : "valid"))];

    [Fact]
    public void An_unknown_loss_is_refused_by_name()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new NoteTrainingConfig { Loss = "l2" }.Validate());
        Assert.Contains("\"l2\"", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoteTrainingConfig { Loss = "smooth_l1", LossBeta = -0.1f }.Validate());
    }
}
