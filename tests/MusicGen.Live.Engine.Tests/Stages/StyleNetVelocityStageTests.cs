using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Tests.Stages;

/// <summary>
/// The StyleNet stage in the streamer's shape, driven directly: notes pushed once, velocities taken in onset order when
/// each look-ahead has passed, equal to the model's offline <see cref="NoteStyleNet.Predict(ReadOnlySpan{StyleNetNote}, Lookahead, StyleNetStyle, Span{float})"/>.
/// </summary>
public sealed class StyleNetVelocityStageTests
{
    private static readonly Lookahead s_lookahead = Lookahead.FromSeconds(0.25f);

    /// <summary>Onsets 0.1 s apart with a chord every fourth note, each held 0.15 s.</summary>
    private static NoteOnset[] Notes(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new NoteOnset(((i * 100) - (i % 4 == 3 ? 100 : 0)) / 1000.0, 0, (byte)(48 + (i * 7 % 29)), 80, i % 5 == 0))];

    private static int[] Offline(NoteStyleNet model, NoteOnset[] notes, Lookahead lookahead)
    {
        var expected = new float[notes.Length];
        model.WithPrecision(StyleNetVelocityStage.PrecisionFor(model))
            .Predict([.. notes.Select(n => new StyleNetNote(n.Seconds, (n.Seconds + 0.15) - n.Seconds, n.Pitch, n.Pedal, float.NaN, false))], lookahead, StyleNetStyle.Classical, expected);
        return [.. expected.Select(v => Math.Clamp((int)MathF.Round(v), 1, 127))];
    }

    [Fact]
    public void Velocities_come_in_onset_order_once_each_look_ahead_has_passed_and_equal_the_offline_model()
    {
        var model = RandomModels.StyleNet();
        var notes = Notes(40);
        var stage = new StyleNetVelocityStage(model, StyleNetStyle.Classical) { Lookahead = s_lookahead };
        stage.Reset();
        var taken = new List<int>();

        // Events in time order on a 1 ms clock: onsets and releases pushed as they happen, velocities taken when ready.
        var events = notes.SelectMany(n => new[] { (n.Seconds, On: true, Note: n), (n.Seconds + 0.15, On: false, Note: n) })
            .OrderBy(e => e.Item1).ThenBy(e => e.On).ToList();
        var next = 0;
        for (var ms = 0; ms <= 5000; ms++)
        {
            var now = ms / 1000.0;
            for (; next < events.Count && events[next].Item1 <= now; next++)
            {
                if (events[next].On)
                {
                    stage.Push(events[next].Note);
                }
                else
                {
                    stage.NoteOff(events[next].Note.Pitch, events[next].Item1);
                }
            }

            while (stage.TryTake(now, force: false, out var velocity))
            {
                // Never before its look-ahead: the note taken is the oldest, and its window has closed.
                Assert.True(s_lookahead.HasPassed(notes[taken.Count].Seconds, now), $"note {taken.Count} taken at {now}");
                taken.Add(velocity);
            }
        }

        Assert.Equal(Offline(model, notes, s_lookahead), taken);
        Assert.Equal(0, stage.Early);
    }

    [Fact]
    public void A_forced_take_gives_the_oldest_note_at_once_and_counts_it_early()
    {
        var stage = new StyleNetVelocityStage(RandomModels.StyleNet(), StyleNetStyle.Classical) { Lookahead = s_lookahead };
        stage.Push(new NoteOnset(1.0, 0, 60, 80, false));
        Assert.False(stage.TryTake(1.1, force: false, out _));
        Assert.True(stage.TryTake(1.1, force: true, out var velocity));
        Assert.InRange(velocity, 1, 127);
        Assert.Equal(1, stage.Early);
        Assert.False(stage.TryTake(9.0, force: true, out _)); // nothing pending
        Assert.Equal(1, stage.Early);
    }

    [Fact]
    public void A_look_ahead_switch_restarts_from_the_oldest_pending_note_without_allocating()
    {
        var model = RandomModels.StyleNet();
        var notes = Notes(24);
        var stage = new StyleNetVelocityStage(model, StyleNetStyle.Classical) { Lookahead = s_lookahead };
        void Play()
        {
            stage.Reset();
            stage.Lookahead = s_lookahead;
            for (var i = 0; i < 16; i++)
            {
                stage.Push(notes[i]);
                stage.NoteOff(notes[i].Pitch, notes[i].Seconds + 0.15);
            }

            // Notes 0–11 taken with look-ahead; 12–15 still pending when the player switches to causal.
            for (var i = 0; i < 12; i++)
            {
                Assert.True(stage.TryTake(notes[i].Seconds + 0.3, force: false, out _));
            }

            stage.Lookahead = Lookahead.Causal;
            for (var i = 16; i < notes.Length; i++)
            {
                stage.Push(notes[i]);
                stage.NoteOff(notes[i].Pitch, notes[i].Seconds + 0.15);
            }
        }

        Play();
        var after = new int[notes.Length - 12];
        for (var i = 0; i < after.Length; i++)
        {
            Assert.True(stage.TryTake(notes[^1].Seconds + 1, force: false, out var velocity));
            after[i] = velocity;
        }

        // As a fresh causal stream of the notes from the oldest pending one on (their releases kept).
        Assert.Equal(Offline(model, notes[12..], Lookahead.Causal), after);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Play();
        while (stage.TryTake(100, force: false, out _))
        {
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
