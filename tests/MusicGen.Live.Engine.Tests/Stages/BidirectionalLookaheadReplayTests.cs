using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Midi;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Engine.Tests.Stages;

/// <summary>
/// The card's Bi-LSTM live: test-split performances played into the engine (processor and scheduler on a virtual clock,
/// 1 ms ticks, note-ons, note-offs and the sustain pedal as the file sends them) in look-ahead mode with the shipped
/// whole-file model (<c>humanize.model "offline"</c>), against the file path of <c>humanize --model offline --within-lookahead</c>
/// (<see cref="OfflineNoteStyleNet.Predict"/> bounded to the look-ahead) on the same notes at the look-ahead the engine runs.
/// The file path batches 64 notes where the stream runs one, so the two agree to float rounding: every velocity equal,
/// except where the file path's unrounded velocity lies within <see cref="Tolerance"/> of a rounding boundary (counted).
/// </summary>
public sealed class BidirectionalLookaheadReplayTests
{
    private const int Files = 3;
    private const int NotesPerFile = 500;
    private const float Tolerance = 1e-3f;
    private static readonly Lazy<OfflineNoteStyleNet> s_model = new(() => OfflineNoteStyleNet.Load(RepoPaths.InRepo("models", "stylenet-note-offline.json")));

    [Theory]
    [InlineData(120)]
    [InlineData(1000)]
    public void Test_split_performances_get_the_file_paths_velocities_note_by_note(int lookaheadMs)
    {
        var files = TestPerformances.Paths().Take(Files).ToList();
        Assert.Equal(Files, files.Count);
        var failures = new List<string>();
        var compared = 0;
        var boundary = 0;
        foreach (var path in files)
        {
            var (expected, actual, rig) = Play(path, lookaheadMs);
            Assert.Equal(0, rig.Metrics.EarlyVelocities);
            Assert.Equal(0, rig.Metrics.PassedThroughVelocities);
            Assert.Equal(0, rig.Metrics.Faults);
            Assert.Empty(NotePairing.Stuck(rig.Output.Messages));
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                compared++;
                if (actual[i] == (int)MathF.Round(expected[i]))
                {
                    continue;
                }

                if (Math.Abs(expected[i] - MathF.Floor(expected[i]) - 0.5f) <= Tolerance)
                {
                    boundary++;
                }
                else
                {
                    failures.Add($"{Path.GetFileName(path)} note {i}: engine {actual[i]}, file path {expected[i]}");
                }
            }

            // The model shapes the performance: a passed-through or constant velocity would show.
            Assert.True(actual.Distinct().Count() > 20, $"{path}: {string.Join(",", actual.Take(40))}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} velocities differ:\n{string.Join("\n", failures.Take(10))}");
        Assert.True(boundary <= compared / 1000, $"{boundary} of {compared} velocities on a rounding boundary");
    }

    /// <summary>The first notes of <paramref name="path"/> through the engine: the file path's velocities (unrounded) and the engine's.</summary>
    private static (float[] Expected, int[] Actual, EngineRig Rig) Play(string path, int lookaheadMs)
    {
        var options = new EngineOptions();
        options.Humanize.Mode = HumanizeMode.Lookahead;
        options.Humanize.LookaheadMs = lookaheadMs;
        options.Humanize.Model = "offline";
        options.Continuation.Mode = ContinuationMode.Off;
        EngineConfigLoader.Validate(options, "test");
        var rig = new EngineRig(options, new StyleNetVelocityStage(s_model.Value, StyleNetStyle.Classical));

        // The note-ons, their note-offs and the pedal, shifted to start 10 ms into the session.
        var all = TestPerformances.Messages(MidiFile.Read(path, ReadingSettings.Lenient));
        var t0 = all.First(m => (m.Status & 0xF0) == 0x90 && m.Data2 > 0).Ms - 10;
        double Seconds(double ms) => (EngineRig.At(ms) - EngineRig.T0) / (double)MidiClock.Frequency;
        var notes = new List<StyleNetNote>();
        var held = new Dictionary<byte, Queue<int>>();
        var pedal = false;
        var lastMs = 0.0;
        foreach (var (fileMs, status, data1, data2) in all)
        {
            var ms = Math.Max(10, fileMs - t0);
            var command = status & 0xF0;
            var on = command == 0x90 && data2 > 0;
            if (on && notes.Count == NotesPerFile)
            {
                continue; // later onsets left out; their notes' releases still come
            }

            rig.Play(ms, status, data1, data2);
            lastMs = ms;
            if (command == 0xB0)
            {
                pedal = data2 >= 64;
            }
            else if (on)
            {
                (held.TryGetValue(data1, out var q) ? q : held[data1] = new Queue<int>()).Enqueue(notes.Count);
                notes.Add(new StyleNetNote(Seconds(ms), double.PositiveInfinity, data1, pedal, float.NaN, false));
            }
            else if (held.TryGetValue(data1, out var q) && q.Count > 0)
            {
                var i = q.Dequeue();
                notes[i] = notes[i] with { DurationSeconds = Math.Max(0, Seconds(ms) - notes[i].OnsetSeconds) };
            }
        }

        rig.AdvanceTo(lastMs + lookaheadMs + 100);
        var expected = new float[notes.Count];
        s_model.Value.WithinLookahead().Predict([.. notes], rig.Processor.VelocityLookahead.Seconds, StyleNetStyle.Classical, expected);
        var actual = rig.Output.Messages.Where(m => m.IsNoteOn).Select(m => (int)m.Data2).ToArray();
        Assert.Equal(notes.Select(n => (int)n.Pitch), rig.Output.Messages.Where(m => m.IsNoteOn).Select(m => (int)m.Data1));
        return (expected, actual, rig);
    }
}
