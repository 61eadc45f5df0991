using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Midi;
using MusicGen.Live.Models.PhraseTransformer;
using Xunit.Abstractions;

namespace MusicGen.Live.Engine.Tests.Continuation;

/// <summary>
/// The live context is the file encoding: whole test-split performances played into the engine's input side (the
/// processor on a virtual clock) feed the generator exactly the events <see cref="PhraseMidi.ReadEvents"/> reads
/// from the same files: kinds, pitches and velocities equal, times equal to well within a clock tick.
/// </summary>
public sealed class LiveContextReplayTests(ITestOutputHelper output)
{
    private const double ToleranceSeconds = 1e-6; // the rig's messages land on the engine clock (ns ticks) from ms doubles

    [Fact]
    public void Test_split_performances_played_live_feed_the_generator_their_file_encoding_event_by_event()
    {
        var lags = new List<double>();
        var files = TestPerformances.Paths().Take(8).ToList();
        Assert.Equal(8, files.Count);
        var total = 0;
        foreach (var path in files)
        {
            var file = MidiFile.Read(path, ReadingSettings.Lenient);
            var expected = PhraseMidi.ReadEvents(file);
            var options = new EngineOptions();
            options.Humanize.Mode = HumanizeMode.Off;
            options.Continuation.Mode = ContinuationMode.Off;
            EngineRig? rig = null;
            var recorder = new RecordingGenerator(nowMs: () => rig!.NowMs);
            rig = new EngineRig(options, generator: recorder);
            var messages = TestPerformances.Messages(file);
            foreach (var (ms, status, data1, data2) in messages)
            {
                rig.Play(ms, status, data1, data2);
            }

            rig.AdvanceTo(messages[^1].Ms + 1000);
            var actual = recorder.Observed;
            Assert.True(expected.Count == actual.Count, $"{Path.GetFileName(path)}: file {expected.Count} events, fed {actual.Count}");
            var onsets = PhraseMidi.Onsets(expected.ToArray());
            for (var i = 0; i < expected.Count; i++)
            {
                var (e, a) = (expected[i], actual[i]);
                var where = $"{Path.GetFileName(path)} event {i} (file {e}, fed {a})";
                Assert.True(e.Kind == a.Kind && e.Pitch == a.Pitch && e.Velocity == a.Velocity, where);
                Assert.True(Math.Abs(e.TimeShift - a.TimeShift) <= ToleranceSeconds, where);
                Assert.True(Math.Abs(e.Duration - a.Duration) <= ToleranceSeconds, where);
                lags.Add(recorder.ObservedAtMs[i] - (onsets[i] * 1000));
            }

            total += expected.Count;
        }

        lags.Sort();
        output.WriteLine($"{files.Count} files, {total} events: committed after onset median {lags[lags.Count / 2]:0} ms, "
            + $"p90 {lags[(int)(lags.Count * 0.9)]:0} ms, p99 {lags[(int)(lags.Count * 0.99)]:0} ms, max {lags[^1]:0} ms");
    }
}
