using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Tests.StyleNet;

public sealed class NoteStyleNetStreamerTests
{
    /// <summary>Plays the notes into a streamer as a live player would (note-ons, note-offs, time passing) and collects velocities by id.</summary>
    private static int[] Play(NoteStyleNet model, StyleNetNote[] notes, float la)
    {
        var streamer = model.CreateStream(Lookahead.FromSeconds(la), StyleNetStyle.Classical);
        var result = new int[notes.Length];
        var events = new List<(double Time, int Kind, int Index)>();
        for (var i = 0; i < notes.Length; i++)
        {
            events.Add((notes[i].OnsetSeconds, 1, i));
            events.Add((notes[i].OnsetSeconds + notes[i].DurationSeconds, 0, i));
        }

        void Drain(double now)
        {
            while (streamer.TryTake(now, out var id, out var v))
            {
                result[id] = v;
            }
        }

        foreach (var (time, kind, i) in events.OrderBy(e => e.Time).ThenBy(e => e.Kind))
        {
            Drain(time);
            if (kind == 1)
            {
                Assert.Equal(i, streamer.NoteOn(time, notes[i].Pitch, notes[i].Pedal, notes[i].BeatPhase, notes[i].Downbeat));
                Drain(time);
            }
            else
            {
                streamer.NoteOff(notes[i].Pitch, time);
            }
        }

        while (streamer.TryFlush(out var id, out var v))
        {
            result[id] = v;
        }

        Assert.Equal(0, streamer.ForcedEarly);
        return result;
    }

    [Theory]
    [InlineData(0f, 0)]
    [InlineData(0.4f, 0)]
    [InlineData(1.0f, 0)]
    [InlineData(0.057f, 0)] // floats a little above their decimal: an onset plus the look-ahead summed in double never came due
    [InlineData(0.097f, 0)]
    [InlineData(0.4f, 16)]
    public void Streaming_gives_the_same_velocities_as_the_whole_file_path(float la, int refresh)
    {
        var model = StyleNetTestData.Note(refresh);
        var notes = StyleNetTestData.Notes(1200);
        var batch = new float[notes.Length];
        model.Predict(notes, la, StyleNetStyle.Classical, batch);
        var live = Play(model, notes, la);
        Assert.Equal(batch.Select(v => (int)MathF.Round(v)).ToArray(), live);
        Assert.True(batch.Distinct().Count() > 50, "a random model should still vary its velocities");
    }

    [Fact]
    public void Causal_stream_answers_at_once_and_look_ahead_waits_for_its_window()
    {
        var model = StyleNetTestData.Note();
        var causal = model.CreateStream(Lookahead.Causal, StyleNetStyle.Pop);
        causal.NoteOn(1.0, 60, false);
        Assert.True(causal.TryTake(1.0, out var id, out var v));
        Assert.Equal(0, id);
        Assert.InRange(v, 1, 127);

        var ahead = model.CreateStream(Lookahead.FromSeconds(0.5f), StyleNetStyle.Pop);
        ahead.NoteOn(1.0, 60, false);
        Assert.False(ahead.TryTake(1.49, out _, out _));
        Assert.True(ahead.TryTake(1.5, out id, out _));
        Assert.Equal(0, id);
    }

    [Fact]
    public void A_warm_stream_allocates_nothing_per_note()
    {
        var model = StyleNetTestData.Note(refresh: 32);
        foreach (var la in new[] { 0f, 0.5f })
        {
            var s = model.CreateStream(Lookahead.FromSeconds(la), StyleNetStyle.Classical, capacity: 128);
            var t = 0.0;
            void Run(int n)
            {
                for (var i = 0; i < n; i++)
                {
                    t += 0.1;
                    s.NoteOn(t, 40 + (i % 40), (i & 1) == 0, float.NaN);
                    s.NoteOff(40 + ((i + 20) % 40), t);
                    while (s.TryTake(t, out _, out _))
                    {
                    }
                }
            }

            Run(500);
            var before = GC.GetAllocatedBytesForCurrentThread();
            Run(2000);
            Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        }
    }

    [Fact]
    public void A_full_buffer_gives_the_oldest_note_its_velocity_early_instead_of_growing()
    {
        var s = StyleNetTestData.Note().CreateStream(Lookahead.FromSeconds(2f), StyleNetStyle.Classical, capacity: NoteFeatures.MaxHistory + NoteFeatures.MaxWindowNotes + 1);
        for (var i = 0; i < 150; i++)
        {
            s.NoteOn(i * 0.001, 60, false);
        }

        Assert.True(s.ForcedEarly > 0);
        var taken = 0;
        while (s.TryFlush(out var id, out _))
        {
            Assert.Equal(taken++, id);
        }

        Assert.Equal(150, taken);
    }

    [Fact]
    public void A_restart_gives_the_pending_notes_what_a_new_stream_of_them_gives_and_keeps_their_ids()
    {
        var model = StyleNetTestData.Note();
        var notes = StyleNetTestData.Notes(120);
        var s = model.CreateStream(Lookahead.FromSeconds(0.4f), StyleNetStyle.Classical);
        foreach (var n in notes)
        {
            s.NoteOn(n.OnsetSeconds, n.Pitch, n.Pedal, n.BeatPhase, n.Downbeat);
        }

        for (var i = 0; i < 70; i++)
        {
            Assert.True(s.TryFlush(out _, out _));
        }

        s.Restart(Lookahead.Causal);
        Assert.Equal(Lookahead.Causal, s.Lookahead);
        var fresh = new float[notes.Length - 70];
        model.Predict([.. notes[70..].Select(n => n with { DurationSeconds = double.PositiveInfinity })], Lookahead.Causal, StyleNetStyle.Classical, fresh);
        for (var i = 70; i < notes.Length; i++)
        {
            Assert.True(s.TryTake(notes[i].OnsetSeconds, out var id, out var v));
            Assert.Equal(i, id);
            Assert.Equal((int)MathF.Round(fresh[i - 70]), v);
        }
    }
}
