using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Tests.StyleNet;

public sealed class StyleNetEvaluatorTests
{
    private static StyleNetPiece Piece(int seed)
    {
        var rng = new Random(seed);
        var notes = new StyleNetNote[64];
        var vel = new byte[64];
        for (var i = 0; i < notes.Length; i++)
        {
            notes[i] = new StyleNetNote(i * 0.25, 0.2, (byte)rng.Next(40, 90), false, (i % 4) / 4f, i % 16 == 0, 70);
            vel[i] = (byte)rng.Next(30, 100);
        }

        return new StyleNetPiece($"p{seed}", "nasap", "valid", StyleNetStyle.Classical, notes, vel, notes, vel, 0.5);
    }

    /// <summary>A tiny untrained model (random initial weights), streaming or whole-file.</summary>
    private static INoteVelocityModel Model(bool bidirectional)
    {
        var task = new NoteStyleNetTask(
            new NoteTrainingConfig { Model = new NoteStyleNetConfig { Hidden = 4, Layers = 1, HeadHidden = 4, Bidirectional = bidirectional }, SeqLen = 16, Batch = 1, ValidNotesPerPiece = 0 },
            [Piece(1) with { Split = "train" }, Piece(2)],
            threads: 1);
        task.Initialize(new MusicGen.Live.Tensors.Training.TrainRandom(1));
        return task.ToVelocityModel();
    }

    [Fact]
    public void A_streaming_model_gets_the_rows_its_cards_name_and_a_whole_file_model_no_causal_rows()
    {
        var eval = new StyleNetEvaluator([Piece(2)], "valid", threads: 1);
        Assert.Equal(
            [
                "note StyleNet causal, live (no beat info)",
                "note StyleNet causal",
                "note StyleNet look-ahead 1000 ms",
                "note StyleNet look-ahead 1000 ms, no beat info",
                "note StyleNet causal, score's notated velocities in",
                "note StyleNet look-ahead 1000 ms, score's notated velocities in",
                "note StyleNet look-ahead 1000 ms, piece offset removed (oracle)",
            ],
            eval.Note(Model(bidirectional: false), 1f).Select(r => r.Name));

        var rows = eval.Note(Model(bidirectional: true), 1f).ToList();
        Assert.Equal(
            [
                "whole-file StyleNet, window 1000 ms",
                "whole-file StyleNet, window 1000 ms, no beat info",
                "whole-file StyleNet, window 1000 ms, score's notated velocities in",
                "whole-file StyleNet, window 1000 ms, piece offset removed (oracle)",
            ],
            rows.Select(r => r.Name));
        Assert.All(rows, r => Assert.True(double.IsFinite(r.Performance.Mae) && r.Performance.Mae > 0));
    }

    [Fact]
    public void Every_row_carries_a_discriminator_accuracy_and_flat_64_is_told_apart()
    {
        // Two folds by piece within valid: one window per piece here, so two pieces are the least that can run.
        var eval = new StyleNetEvaluator([Piece(2), Piece(3)], "valid", threads: 1);
        var flat = eval.Baselines().First();
        Assert.Equal("flat velocity 64", flat.Name);
        Assert.Equal(1.0, flat.Discriminator);
        Assert.All(eval.Note(Model(bidirectional: false), 1f, "live"), r => Assert.InRange(r.Discriminator, 0.0, 1.0));
    }

    [Fact]
    public void Rows_can_be_picked_by_a_regular_expression()
    {
        var eval = new StyleNetEvaluator([Piece(2)], "valid", threads: 1);
        Assert.Equal(
            ["note StyleNet look-ahead 1000 ms", "note StyleNet causal, score's notated velocities in", "note StyleNet look-ahead 1000 ms, score's notated velocities in"],
            eval.Note(Model(bidirectional: false), 1f, "1000 ms$|notated").Select(r => r.Name));
    }
}
