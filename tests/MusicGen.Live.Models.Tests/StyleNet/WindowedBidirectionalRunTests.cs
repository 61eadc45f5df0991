using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Layers;

namespace MusicGen.Live.Models.Tests.StyleNet;

/// <summary>The whole-file model run within each note's look-ahead (<see cref="WindowedBidirectionalRun"/>).</summary>
public sealed class WindowedBidirectionalRunTests
{
    private const float La = 1f;

    private static readonly NoteStyleNetConfig OneLayer = new() { Hidden = 10, Layers = 1, HeadHidden = 6, Bidirectional = true, WithinLookahead = true };

    private static readonly NoteStyleNetConfig TwoLayers = StyleNetTestData.SmallNote() with { Bidirectional = true, WithinLookahead = true };

    /// <summary>
    /// One layer has a simple definition to check against: note i's output is the Bi-LSTM's at i over the file up to i
    /// (each note as it reads itself) followed by i's window as it stands at i's bound, each note's sequence run whole.
    /// The notes include a stretch denser than the 64-note window cap and cross several 64-note blocks.
    /// </summary>
    [Fact]
    public void One_layer_matches_running_each_notes_own_sequence_whole()
    {
        var notes = DenseThenSparse();
        var layers = NoteStyleNetLayers.Load(StyleNetTestData.NoteTensors(OneLayer with { WithinLookahead = false }), OneLayer, string.Empty);
        var top = new float[notes.Length * 20];
        new WindowedBidirectionalRun(layers, OneLayer.Input).Run(notes, La, StyleNetStyle.Classical, top);

        var input = OneLayer.Input;
        var f = new float[NoteFeatures.Size];
        var maxWindow = 0;
        for (var i = 0; i < notes.Length; i++)
        {
            var e = i;
            while (e + 1 < notes.Length && e + 1 - i <= NoteFeatures.MaxWindowNotes && notes[e + 1].OnsetSeconds - notes[i].OnsetSeconds < La)
            {
                e++;
            }

            maxWindow = Math.Max(maxWindow, e - i);
            var x = new float[(e + 1) * input];
            for (var j = 0; j <= e; j++)
            {
                var left = j <= i ? La : (float)(notes[i].OnsetSeconds + La - notes[j].OnsetSeconds);
                NoteFeatures.Write(j <= i ? notes : notes[..(e + 1)], j, left, StyleNetStyle.Classical, f);
                f.AsSpan(0, input).CopyTo(x.AsSpan(j * input));
            }

            var y = new float[(e + 1) * 20];
            Lstm.Forward(layers.Lstm, new LstmRunState(layers.Lstm.Config, 1, e + 1), x, y, 1, e + 1);
            for (var u = 0; u < 20; u++)
            {
                Assert.True(Math.Abs(y[(i * 20) + u] - top[(i * 20) + u]) <= 1e-5f, $"note {i}, unit {u}: {top[(i * 20) + u]} against {y[(i * 20) + u]}");
            }
        }

        Assert.Equal(NoteFeatures.MaxWindowNotes, maxWindow);
    }

    /// <summary>
    /// Two layers: a note's velocity stays the same, to the bit, whatever happens beyond its bound: later notes moved,
    /// re-pitched, and every note that outlasts the bound held longer. The whole-file run of the same weights does change.
    /// </summary>
    [Fact]
    public void A_notes_velocity_reads_nothing_beyond_its_lookahead()
    {
        var notes = StyleNetTestData.Notes(160, seed: 11);
        var tensors = StyleNetTestData.NoteTensors(TwoLayers with { WithinLookahead = false }, seed: 12);
        var windowed = OfflineNoteStyleNet.FromTensors(tensors, TwoLayers);
        var whole = OfflineNoteStyleNet.FromTensors(tensors, TwoLayers with { WithinLookahead = false });
        Assert.False(windowed.ReadsWholeFile);
        Assert.True(whole.ReadsWholeFile);

        foreach (var p in new[] { 0, 40, 63, 64, 100, 150 })
        {
            var bound = notes[p].OnsetSeconds + La;
            var changed = notes.Select((n, j) => j <= p ? n
                : n.OnsetSeconds >= bound ? n with { OnsetSeconds = n.OnsetSeconds + 0.3, Pitch = (byte)(n.Pitch ^ 5), Pedal = !n.Pedal }
                : n.OnsetSeconds + n.DurationSeconds >= bound ? n with { DurationSeconds = n.DurationSeconds + 2 }
                : n).ToArray();
            if (p < 150)
            {
                Assert.NotEqual(notes, changed);
            }

            var before = Predict(windowed, notes);
            var after = Predict(windowed, changed);
            for (var j = 0; j <= p; j++)
            {
                Assert.Equal(before[j], after[j]);
            }

            if (p < 100)
            {
                Assert.NotEqual(Predict(whole, notes)[p], Predict(whole, changed)[p]);
            }
        }
    }

    [Fact]
    public void Within_lookahead_needs_a_bidirectional_model_and_is_left_out_of_cards_where_false()
    {
        var ex = Assert.Throws<ArgumentException>(() => (StyleNetTestData.SmallNote() with { WithinLookahead = true }).Validate());
        Assert.Contains("within_lookahead", ex.Message, StringComparison.Ordinal);
        var json = System.Text.Json.JsonSerializer.Serialize(TwoLayers with { WithinLookahead = false });
        Assert.DoesNotContain("within_lookahead", json, StringComparison.Ordinal);
        Assert.Contains("\"within_lookahead\":true", System.Text.Json.JsonSerializer.Serialize(TwoLayers), StringComparison.Ordinal);
    }

    [Fact]
    public void Within_lookahead_bounds_the_whole_file_members_and_leaves_the_rest_as_they_are()
    {
        var streaming = StyleNetTestData.Note();
        Assert.Same(streaming, streaming.WithinLookahead());

        var tensors = StyleNetTestData.NoteTensors(TwoLayers, seed: 3);
        var whole = OfflineNoteStyleNet.FromTensors(tensors, TwoLayers with { WithinLookahead = false });
        var bounded = Assert.IsType<OfflineNoteStyleNet>(whole.WithinLookahead());
        Assert.True(bounded.Config.WithinLookahead);
        Assert.Same(bounded, bounded.WithinLookahead());
        var notes = StyleNetTestData.Notes(90, seed: 5);
        Assert.Equal(Predict(OfflineNoteStyleNet.FromTensors(tensors, TwoLayers), notes), Predict(bounded, notes));

        var ensemble = new NoteStyleNetEnsemble([streaming, whole]);
        Assert.True(ensemble.ReadsWholeFile);
        var boundedEnsemble = Assert.IsType<NoteStyleNetEnsemble>(ensemble.WithinLookahead());
        Assert.False(boundedEnsemble.ReadsWholeFile);
        Assert.Same(streaming, boundedEnsemble.Members[0]);
        Assert.True(boundedEnsemble.Members[1].Config.WithinLookahead);
        var expected = Predict(streaming, notes).Zip(Predict(bounded, notes), (a, b) => (a + b) / 2).ToArray();
        var actual = Predict(boundedEnsemble, notes);
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-4f));
        Assert.Same(boundedEnsemble, boundedEnsemble.WithinLookahead());
    }

    private static float[] Predict(INoteVelocityModel model, StyleNetNote[] notes)
    {
        var v = new float[notes.Length];
        model.Predict(notes, La, StyleNetStyle.Classical, v);
        return v;
    }

    /// <summary>100 notes squeezed into under a second (more than the window cap), then 150 at a played pace.</summary>
    private static StyleNetNote[] DenseThenSparse()
    {
        var notes = StyleNetTestData.Notes(250, seed: 9);
        var shift = notes[99].OnsetSeconds * 0.97;
        return [.. notes.Select((n, j) => j < 100
            ? n with { OnsetSeconds = n.OnsetSeconds * 0.03, DurationSeconds = n.DurationSeconds * 0.03 }
            : n with { OnsetSeconds = n.OnsetSeconds - shift })];
    }
}
