using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Recording;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Midi;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Loopback;

namespace MusicGen.Live.Engine.Tests.Recording;

/// <summary>
/// The recorder's fault policy on a real file system: the folder removed under it, or turned into a file (root
/// ignores permissions, a file where the folder was stops root too). The recording stops with a fault, the last
/// complete flush stays a valid file, and the engine plays on.
/// </summary>
public sealed class SessionRecorderFaultTests : IDisposable
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10); // a hang guard, not a timing
    private readonly string _dir = Directory.CreateTempSubdirectory("mgl-recfault").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Folder_gone_or_made_a_file_stops_the_recording_with_a_fault_and_stop_never_throws(bool replaceWithFile)
    {
        var folder = Path.Combine(_dir, "take");
        var recorder = new SessionRecorder(Path.Combine(folder, "s.mid"), 0.05, MidiClock.Now);
        recorder.Start();
        WaitUntil(() => recorder.Flushes >= 2);
        Directory.Delete(folder, recursive: true);
        if (replaceWithFile)
        {
            File.WriteAllText(folder, "not a folder");
        }

        WaitUntil(() => recorder.Faults > 0);
        var fault = recorder.Fault;
        Assert.NotNull(fault);
        Assert.Contains(recorder.Path, fault);
        Assert.Contains("stopped", fault);
        var flushes = recorder.Flushes;
        recorder.Input.TryWrite(new EngineEvent(MidiClock.Now, 0, EventKind.Input, 0x90, 60, 100));
        recorder.Stop(); // no final write after a fault, and no exception
        Assert.Equal(1, recorder.Faults);
        Assert.Equal(flushes, recorder.Flushes);
    }

    [Fact]
    public void The_engine_plays_on_with_every_note_ended_after_its_recording_fails()
    {
        var folder = Path.Combine(_dir, "live");
        var options = new EngineOptions();
        options.Humanize.Mode = HumanizeMode.Off;
        options.Continuation.Mode = ContinuationMode.Off;
        options.Recording.FlushSeconds = 0.05;
        var (input, player) = LoopbackMidi.CreatePair("recfault");
        var output = new CapturingOutput();
        using var engine = new LiveEngine(options, input, output, new ContourVelocityStage(), new RecentPhraseEcho(), Path.Combine(folder, "s.mid"));
        engine.Start();
        player.Send([0x90, 60, 90]);
        WaitUntil(() => engine.Recorder!.Flushes >= 2);
        Directory.Delete(folder, recursive: true);
        WaitUntil(() => engine.Recorder!.Faults > 0);

        player.Send([0x90, 64, 90]); // played after the recording stopped: still heard
        player.Send([0x80, 60, 0]);
        WaitUntil(() => engine.Metrics.NotesOut >= 2);
        engine.Stop(); // 64 is still held: stop must end it

        var sent = output.Messages;
        Assert.Contains(sent, m => m.IsNoteOn && m.Data1 == 64);
        Assert.Equal(sent.Count(m => m.IsNoteOn), sent.Count(m => m.IsNoteOff));
        Assert.Equal(0, engine.Scheduler.SoundingCount);
        Assert.NotNull(engine.Recorder!.Fault);
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within the hang guard");
            Thread.Sleep(5);
        }
    }
}
