using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Tests.StyleNet;

public sealed class ArticleStyleNetTaskTests
{
    private static StyleNetPiece Piece(int seed, string split, string dataset = "nasap") =>
        TestPieces.PitchLed($"s{seed}", dataset, split, seed, 150, 0.125, 0.25, (pitch, _) => pitch);

    [Fact]
    public void Masked_loss_falls_with_adam_and_the_trained_weights_load_as_the_seed_model()
    {
        var pieces = new List<StyleNetPiece> { Piece(1, "train"), Piece(2, "train"), Piece(3, "train", "pop909"), Piece(4, "valid") };
        var task = new ArticleStyleNetTask(new ArticleTrainingConfig { Hidden = 6, GenreLayers = 1, SeqLen = 16, Batch = 4, Dropout = 0 }, pieces, threads: 1);
        var rng = new TrainRandom(7);
        task.Initialize(rng);
        var adam = new Adam(task.Parameters, new AdamOptions { LearningRate = 0.01f });
        var tape = new Tape();
        var losses = new List<float>();
        for (var step = 0; step < 60; step++)
        {
            tape.Reset();
            task.Parameters.ZeroGrad();
            var loss = task.Loss(tape, rng);
            tape.Backward(loss);
            adam.Step();
            losses.Add(loss.Data[0]);
        }

        Assert.True(losses.TakeLast(10).Average() < losses.Take(10).Average() * 0.7, $"loss {losses.Take(10).Average()} → {losses.TakeLast(10).Average()}");
        var result = task.Validate();
        Assert.True(double.IsFinite(result.Metric));
        var v = new float[150];
        task.ToModel().Predict(pieces[3].ScoreNotes, 0.125, StyleNetStyle.Pop, v);
        Assert.All(v, x => Assert.InRange(x, 1f, 127f));
    }
}
