using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Recording;
using MusicGen.Live.Midi;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Tests.Recording;

public sealed class SessionRecorderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mgl-rec").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_input_and_output_tracks_on_the_session_clock()
    {
        var start = MidiClock.Now;
        var path = Path.Combine(_dir, "s.mid");
        var recorder = new SessionRecorder(path, 0.05, start);
        recorder.Start();
        Assert.True(File.Exists(path)); // valid from the first moment
        var second = MidiClock.Frequency;
        recorder.Input.TryWrite(new EngineEvent(start + second, 0, EventKind.Input, 0x90, 60, 100));
        recorder.Input.TryWrite(new EngineEvent(start + (2 * second), 0, EventKind.Input, 0x80, 60, 0));
        recorder.Output.TryWrite(new EngineEvent(start + (second / 2 * 3), 0, EventKind.Generated, 0x91, 67, 80));
        recorder.Stop();

        var file = MidiFile.Read(path);
        Assert.Equal(2, file.Tracks.Count);
        Assert.Equal("input", file.Tracks[0].Name);
        Assert.Equal("output", file.Tracks[1].Name);
        var notes = file.GetNotes();
        var input = Assert.Single(notes, n => n.Track == 0);
        Assert.Equal(1.0, input.OnsetSeconds, 3);
        Assert.Equal(1.0, input.DurationSeconds, 3);
        var output = file.Tracks[1].Events.Single(e => e.IsNoteOn);
        Assert.Equal(1.5 * SessionRecorder.TicksPerSecond, output.Tick);
        Assert.Equal(1, output.Channel);
    }
}
