using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.Tests.StyleNet;

public sealed class ArticleStyleNetTests
{
    [Fact]
    public void Piano_roll_marks_onsets_and_held_steps_and_reads_back_onset_cells()
    {
        StyleNetNote[] notes =
        [
            new(0.0, 0.5, 21, false, float.NaN, false),   // steps 0..3 at 0.125 s per step
            new(0.25, 0.1, 108, false, float.NaN, false), // one step (rounded up to at least one)
            new(0.25, 0.3, 10, false, float.NaN, false),  // outside the keyboard: ignored
        ];
        const double step = 0.125;
        Assert.Equal(4, PianoRoll16.StepCount(notes, step));
        var roll = new float[4 * PianoRoll16.Inputs];
        PianoRoll16.Encode(notes, step, 0, 4, roll);
        Assert.Equal(1, roll[0]);
        Assert.Equal(0, roll[1]);
        for (var s = 1; s < 4; s++)
        {
            Assert.Equal(0, roll[s * PianoRoll16.Inputs]);
            Assert.Equal(1, roll[(s * PianoRoll16.Inputs) + 1]);
        }

        Assert.Equal(1, roll[(2 * PianoRoll16.Inputs) + (2 * 87)]);
        Assert.Equal(0, roll[(3 * PianoRoll16.Inputs) + (2 * 87) + 1]);
        Assert.Equal(5, roll.Sum());

        var cells = new (int, int)[3];
        PianoRoll16.OnsetCells(notes, step, cells);
        Assert.Equal([(0, 0), (2, 87), (2, -1)], cells);
    }

    [Fact]
    public void Seed_model_gives_one_in_range_velocity_per_note_and_style_matters()
    {
        var cfg = StyleNetTestData.SmallArticle();
        var model = ArticleStyleNet.FromTensors(StyleNetTestData.ArticleTensors(cfg), cfg);
        var notes = StyleNetTestData.Notes(300);
        var classical = new float[notes.Length];
        var pop = new float[notes.Length];
        model.Predict(notes, 0.125, StyleNetStyle.Classical, classical);
        model.Predict(notes, 0.125, StyleNetStyle.Pop, pop);
        Assert.All(classical, v => Assert.InRange(v, 1f, 127f));
        Assert.NotEqual(classical, pop);
    }

    [Fact]
    public void Missing_interpretation_layer_is_named()
    {
        var cfg = StyleNetTestData.SmallArticle();
        var all = StyleNetTestData.ArticleTensors(cfg);
        var partial = new NamedTensors();
        foreach (var (name, t) in all.All.Where(kv => !kv.Key.StartsWith("interp.", StringComparison.Ordinal)))
        {
            partial.Add(name, t);
        }

        var ex = Assert.Throws<WeightMismatchException>(() => ArticleStyleNet.FromTensors(partial, cfg));
        Assert.StartsWith("interp.", ex.TensorName, StringComparison.Ordinal);
    }
}
