using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Tests.StyleNet;

/// <summary>
/// The whole-file bidirectional model streamed within the look-ahead (<see cref="OfflineNoteStyleNet.CreateStream"/>)
/// against the file path of <c>humanize --within-lookahead</c> (<see cref="OfflineNoteStyleNet.Predict"/> bounded to the
/// look-ahead), on random weights. The file path batches 64 notes where the stream runs one, and a batch's kernels may sum
/// in another order, so velocities agree to float rounding: the rounded velocity is the file path's unless the file path's
/// lies within <see cref="Tolerance"/> of a rounding boundary.
/// </summary>
public sealed class WindowedBidirectionalStreamTests
{
    private const float Tolerance = 1e-3f;

    private static readonly NoteStyleNetConfig Config = StyleNetTestData.SmallNote() with { Bidirectional = true };

    /// <summary>Random weights, the output layer scaled up so velocities spread over tens of units (rounding then matters).</summary>
    private static OfflineNoteStyleNet Model(int seed = 21)
    {
        var tensors = StyleNetTestData.NoteTensors(Config, seed);
        var w = tensors.All["head2.weight"].Data;
        for (var i = 0; i < w.Length; i++)
        {
            w[i] *= 10;
        }

        tensors.All["head2.bias"].Data[0] = -0.15f; // back to mid-range after the scaling

        return OfflineNoteStyleNet.FromTensors(tensors, Config);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.12f)]
    [InlineData(1f)]
    [InlineData(2f)]
    public void The_stream_gives_the_file_paths_velocities_within_the_same_lookahead(float seconds)
    {
        var model = Model();
        var notes = Played(StyleNetTestData.Notes(400, seed: 22, beats: false));
        var lookahead = Lookahead.FromSeconds(seconds);
        var stream = model.CreateStream(lookahead, StyleNetStyle.Classical);
        var actual = Stream(stream, notes);

        var expected = new float[notes.Length];
        model.WithinLookahead().Predict(notes, lookahead.Seconds, StyleNetStyle.Classical, expected);
        Assert.Equal(0, stream.ForcedEarly);
        var wrong = Enumerable.Range(0, notes.Length)
            .Where(i => actual[i] != (int)MathF.Round(expected[i]) && Math.Abs(expected[i] - MathF.Floor(expected[i]) - 0.5f) > Tolerance)
            .Select(i => $"note {i}: {actual[i]} against {expected[i]}").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(10)));
        Assert.True(expected.Select(v => (int)MathF.Round(v)).Distinct().Count() > 10, $"the velocities vary, so a constant would show: {expected.Min()}..{expected.Max()}");
    }

    [Fact]
    public void A_dense_passage_fills_windows_to_their_note_bound_and_still_matches()
    {
        // 200 notes 5 ms apart: every window of 1 s is cut at its 64 later notes.
        var notes = Played([.. Enumerable.Range(0, 200).Select(i => new StyleNetNote(i * 0.005, 0.05, (byte)(40 + (i * 7 % 50)), i % 3 == 0, float.NaN, false))]);
        var model = Model(seed: 23);
        var stream = model.CreateStream(Lookahead.FromSeconds(1f), StyleNetStyle.Classical);
        var actual = Stream(stream, notes);
        var expected = new float[notes.Length];
        model.WithinLookahead().Predict(notes, 1f, StyleNetStyle.Classical, expected);
        Assert.Equal(0, stream.ForcedEarly);
        for (var i = 0; i < notes.Length; i++)
        {
            Assert.True(
                actual[i] == (int)MathF.Round(expected[i]) || Math.Abs(expected[i] - MathF.Floor(expected[i]) - 0.5f) <= Tolerance,
                $"note {i}: {actual[i]} against {expected[i]}");
        }
    }

    [Fact]
    public void A_warm_stream_allocates_nothing_per_note()
    {
        foreach (var la in new[] { 0f, 0.12f, 1f })
        {
            var s = Model().CreateStream(Lookahead.FromSeconds(la), StyleNetStyle.Classical, capacity: 160);
            var t = 0.0;
            void Run(int n)
            {
                for (var i = 0; i < n; i++)
                {
                    t += 0.03;
                    s.NoteOn(t, 40 + (i % 40), (i & 1) == 0);
                    s.NoteOff(40 + ((i + 20) % 40), t);
                    while (s.TryTake(t, out _, out _))
                    {
                    }
                }
            }

            Run(300);
            var before = GC.GetAllocatedBytesForCurrentThread();
            Run(1000);
            Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        }
    }

    [Fact]
    public void A_full_buffer_gives_the_oldest_note_its_velocity_early_counted_instead_of_growing()
    {
        var capacity = NoteFeatures.MaxHistory + NoteFeatures.MaxWindowNotes + 1;
        var s = Model().CreateStream(Lookahead.FromSeconds(2f), StyleNetStyle.Classical, capacity);
        for (var i = 0; i < 150; i++)
        {
            s.NoteOn(i * 0.001, 40 + (i % 50), false);
        }

        Assert.Equal(150 - (capacity - NoteFeatures.MaxHistory - 1) - 1, s.ForcedEarly);
        var taken = 0;
        while (s.TryFlush(out var id, out var v))
        {
            Assert.Equal(taken++, id);
            Assert.InRange(v, 1, 127);
        }

        Assert.Equal(150, taken);
    }

    /// <summary>The notes as a stream stores them: each duration as release minus onset, the subtraction the stream makes.</summary>
    private static StyleNetNote[] Played(StyleNetNote[] notes) =>
        [.. notes.Select(n => n with { DurationSeconds = Math.Max(0, (n.OnsetSeconds + n.DurationSeconds) - n.OnsetSeconds) })];

    /// <summary>
    /// Plays <paramref name="notes"/> into <paramref name="stream"/> as a keyboard sends them (a release before an onset at the
    /// same time), taking every velocity due before each event; the rounded velocities by note.
    /// </summary>
    private static int[] Stream(NoteStyleNetStreamer stream, StyleNetNote[] notes)
    {
        var events = notes.SelectMany((n, i) => new[] { (T: n.OnsetSeconds, On: true, I: i), (T: n.OnsetSeconds + n.DurationSeconds, On: false, I: i) })
            .OrderBy(e => e.T).ThenBy(e => e.On).ThenBy(e => e.I).ToList();
        var velocities = Enumerable.Repeat(-1, notes.Length).ToArray();
        void Take(double now)
        {
            while (stream.TryTake(now, out var id, out var v))
            {
                velocities[id] = v;
            }
        }

        foreach (var e in events)
        {
            Take(e.T);
            if (e.On)
            {
                Assert.Equal(e.I, stream.NoteOn(e.T, notes[e.I].Pitch, notes[e.I].Pedal));
            }
            else
            {
                stream.NoteOff(notes[e.I].Pitch, e.T);
            }
        }

        while (stream.TryFlush(out var id, out var v))
        {
            velocities[id] = v;
        }

        Assert.DoesNotContain(-1, velocities);
        return velocities;
    }
}
