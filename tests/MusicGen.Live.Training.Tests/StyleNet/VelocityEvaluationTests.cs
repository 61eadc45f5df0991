using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Tests.StyleNet;

public sealed class VelocityEvaluationTests
{
    private static StyleNetPiece Piece(string name, byte[] vel) => TestPieces.Flat(name, vel);

    [Fact]
    public void Baselines_score_as_their_definitions_say()
    {
        var pieces = new[] { Piece("a", [60, 70, 80]), Piece("b", [30, 50]) };
        var flat = VelocityEvaluation.Run(pieces, TimingForm.Performance, (_, _, _, v) => VelocityBaselines.Flat(v), 2);
        Assert.Equal((4 + 6 + 16 + 34 + 14) / 5.0, flat.Mae, 9);
        var mean = VelocityEvaluation.Run(pieces, TimingForm.Score, (p, f, _, v) => VelocityBaselines.PieceMean(VelocityEvaluation.Form(p, f).Velocities, v), 1);
        Assert.Equal((10 + 0 + 10 + 10 + 10) / 5.0, mean.Mae, 9);
        Assert.Equal(5, mean.Count);
    }

    [Fact]
    public void Random_humanize_stays_within_ten_and_repeats_per_piece()
    {
        var a = new float[1000];
        var b = new float[1000];
        VelocityBaselines.RandomHumanize("piece", a);
        VelocityBaselines.RandomHumanize("piece", b);
        Assert.Equal(a, b);
        Assert.All(a, v => Assert.InRange(v, 54, 74));
        Assert.True(a.Distinct().Count() > 15);
    }

    [Fact]
    public void Removing_the_piece_offset_leaves_only_the_shape_error()
    {
        byte[] targets = [60, 70, 80];
        float[] predicted = [40, 50, 66]; // 20, 20 and 14 too low: mean offset 18
        VelocityBaselines.RemovePieceOffset(targets, predicted);
        Assert.Equal([58f, 68f, 84f], predicted);
    }
}
