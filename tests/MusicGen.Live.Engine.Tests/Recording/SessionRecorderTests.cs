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

    [Fact]
    public void The_file_is_a_valid_midi_file_at_every_flush_and_complete_after_stop()
    {
        // Stamps a minute in the past: every event is older than the reorder window and goes out with the next flush.
        var start = MidiClock.Now - (60 * MidiClock.Frequency);
        var path = Path.Combine(_dir, "flushes.mid");
        var recorder = new SessionRecorder(path, 0.02, start);
        recorder.Start();
        var seen = -1L;
        var lastCount = 0;
        for (var i = 0; i < 200; i++)
        {
            var t = start + (i * MidiClock.Frequency / 10);
            recorder.Input.TryWrite(new EngineEvent(t, 0, EventKind.Input, 0x90, (byte)(40 + (i % 40)), 90));
            recorder.Output.TryWrite(new EngineEvent(t + (MidiClock.Frequency / 20), 0, EventKind.Player, 0x80, (byte)(40 + (i % 40)), 0));
            if (recorder.Flushes != seen)
            {
                seen = recorder.Flushes;
                var file = MidiFile.Read(path); // strict reading: throws on anything malformed
                Assert.Equal(2, file.Tracks.Count);
                var count = file.Tracks.Sum(t => t.Events.Count(e => e.IsChannelMessage));
                Assert.True(count >= lastCount, $"flush {seen}: {count} events after {lastCount}");
                lastCount = count;
            }

            Thread.Sleep(1);
        }

        recorder.Stop();
        var final = MidiFile.Read(path);
        Assert.Equal(200, final.Tracks[0].Events.Count(e => e.IsNoteOn));
        Assert.Equal(200, final.Tracks[1].Events.Count(e => e.IsNoteOff));
        Assert.True(recorder.Flushes > 3, $"only {recorder.Flushes} flushes: the test saw too few to mean anything");
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Output_stamped_out_of_order_within_the_window_is_written_in_time_order()
    {
        var start = MidiClock.Now;
        var path = Path.Combine(_dir, "order.mid");
        var recorder = new SessionRecorder(path, 10, start);
        var ms = MidiClock.Frequency / 1000;
        int[] at = [100, 300, 200, 250, 120, 400]; // handed ahead, then a causal note due earlier
        foreach (var t in at)
        {
            recorder.Output.TryWrite(new EngineEvent(start + (t * ms), 0, EventKind.Generated, 0x90, (byte)(t / 10), 70));
        }

        recorder.Drain(long.MaxValue);
        recorder.Flush();
        var ticks = MidiFile.Read(path).Tracks[1].Events.Where(e => e.IsNoteOn).Select(e => e.Tick).ToList();
        Assert.Equal(at.Order().Select(t => (long)(t * SessionRecorder.TicksPerSecond / 1000)), ticks);
        Assert.Equal(0, recorder.LateEvents);
    }

    [Fact]
    public void A_flush_allocates_no_more_for_a_long_session_than_for_a_short_one()
    {
        var start = MidiClock.Now - (3600 * MidiClock.Frequency);
        var path = Path.Combine(_dir, "long.mid");
        var recorder = new SessionRecorder(path, 10, start);
        long FlushAllocation(int events, ref int written)
        {
            for (; written < events; written++)
            {
                var t = start + (written * MidiClock.Frequency / 50);
                while (!recorder.Input.TryWrite(new EngineEvent(t, 0, EventKind.Input, 0x90, 60, 80)))
                {
                    recorder.Drain(long.MaxValue);
                }
            }

            recorder.Drain(long.MaxValue);
            recorder.Flush(); // warm
            var before = GC.GetAllocatedBytesForCurrentThread();
            recorder.Flush();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var written = 0;
        var small = FlushAllocation(1_000, ref written);
        var large = FlushAllocation(150_000, ref written);
        Assert.True(large <= small + 256, $"a flush allocated {small} B at 1,000 events and {large} B at 150,000");
        Assert.Equal(150_000, MidiFile.Read(path).Tracks[0].Events.Count(e => e.IsNoteOn));
    }
}
