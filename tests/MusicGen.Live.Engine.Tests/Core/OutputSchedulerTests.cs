using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Metrics;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Tests.Core;

public sealed class OutputSchedulerTests
{
    private readonly CapturingOutput _output = new();
    private readonly SpscRing<EngineEvent> _ring = new(1 << 14);
    private readonly EngineMetrics _metrics = new();

    private static long At(double ms) => EngineRig.At(ms);

    private OutputScheduler Scheduler(int cap = 48, double maxNoteSeconds = 10) => new(_output, _ring, null, _metrics, cap, maxNoteSeconds);

    [Fact]
    public void Sends_each_event_at_its_due_time_not_before()
    {
        var scheduler = Scheduler();
        _ring.TryWrite(EngineEvent.NoteOn(At(30), 0, EventKind.Generated, 1, 60, 80));
        _ring.TryWrite(EngineEvent.NoteOff(At(50), 0, EventKind.Generated, 1, 60));
        for (var ms = 0; ms <= 60; ms++)
        {
            scheduler.Step(At(ms));
            var sent = _output.Messages;
            Assert.Equal(ms >= 50 ? 2 : ms >= 30 ? 1 : 0, sent.Count);
        }

        Assert.All(_output.Messages, m => Assert.True(m.Timestamp >= At(30)));
    }

    [Fact]
    public void Random_streams_with_restrikes_cancels_and_panics_leave_no_stuck_note_and_respect_the_cap()
    {
        const int Cap = 6;
        var scheduler = Scheduler(Cap);
        var random = new Random(11);
        for (var ms = 0; ms < 5000; ms++)
        {
            var roll = random.Next(100);
            var channel = random.Next(3);
            var pitch = 60 + random.Next(8);
            var kind = channel == 1 ? EventKind.Generated : EventKind.Player;
            var due = At(ms + random.Next(20));
            if (roll < 30)
            {
                _ring.TryWrite(EngineEvent.NoteOn(due, 0, kind, channel, pitch, 70));
            }
            else if (roll < 50)
            {
                _ring.TryWrite(EngineEvent.NoteOff(due, 0, kind, channel, pitch));
            }
            else if (roll == 50)
            {
                _ring.TryWrite(new EngineEvent(At(ms), 0, EventKind.CancelGenerated, 0, 1, 0));
            }
            else if (roll == 51)
            {
                scheduler.RequestPanic();
            }

            scheduler.Step(At(ms));
            Assert.InRange(scheduler.SoundingCount, 0, Cap);
        }

        scheduler.ReleaseAll(At(6000), allNotesOff: false);
        Assert.Empty(NotePairing.Stuck(_output.Messages));
        Assert.Equal(0, NotePairing.DoubleStrikes(_output.Messages));
        Assert.True(_metrics.PolyphonySteals > 0);
    }

    [Fact]
    public void Cancel_drops_pending_generated_notes_and_ends_sounding_ones_but_keeps_the_players()
    {
        var scheduler = Scheduler();
        _ring.TryWrite(EngineEvent.NoteOn(At(0), 0, EventKind.Player, 0, 40, 80));
        _ring.TryWrite(EngineEvent.NoteOn(At(0), 0, EventKind.Generated, 1, 60, 80));
        _ring.TryWrite(EngineEvent.NoteOn(At(100), 0, EventKind.Generated, 1, 62, 80));
        _ring.TryWrite(EngineEvent.NoteOff(At(200), 0, EventKind.Generated, 1, 60));
        scheduler.Step(At(1));
        _ring.TryWrite(new EngineEvent(At(10), 0, EventKind.CancelGenerated, 0, 1, 0));
        for (var ms = 10; ms < 300; ms++)
        {
            scheduler.Step(At(ms));
        }

        Assert.Equal(1, scheduler.SoundingCount); // the player's note only
        Assert.DoesNotContain(_output.Messages, m => m.IsNoteOn && m.Data1 == 62);
        Assert.Contains(_output.Messages, m => m.IsNoteOff && m.Channel == 1 && m.Data1 == 60);
    }

    [Fact]
    public void Watchdog_ends_a_note_held_past_the_limit()
    {
        var scheduler = Scheduler(maxNoteSeconds: 0.5);
        _ring.TryWrite(EngineEvent.NoteOn(At(0), 0, EventKind.Player, 0, 64, 80));
        for (var ms = 0; ms < 700; ms += 5)
        {
            scheduler.Step(At(ms));
        }

        Assert.Equal(0, scheduler.SoundingCount);
        var off = Assert.Single(_output.Messages, m => m.IsNoteOff);
        Assert.InRange(EngineRig.Ms(off.Timestamp), 500, 520);
        Assert.Equal(1, _metrics.WatchdogReleases);

        // The player's own note-off arrives later: not sent again (its note is not sounding).
        _ring.TryWrite(EngineEvent.NoteOff(At(800), 0, EventKind.Player, 0, 64));
        scheduler.Step(At(800));
        Assert.Single(_output.Messages, m => m.IsNoteOff);
    }

    [Fact]
    public void Panic_ends_notes_and_sends_all_notes_off_on_every_channel_used()
    {
        var scheduler = Scheduler();
        _ring.TryWrite(EngineEvent.NoteOn(At(0), 0, EventKind.Player, 0, 60, 80));
        _ring.TryWrite(EngineEvent.NoteOn(At(0), 0, EventKind.Generated, 2, 50, 80));
        _ring.TryWrite(EngineEvent.NoteOn(At(50), 0, EventKind.Generated, 2, 52, 80));
        scheduler.Step(At(1));
        scheduler.RequestPanic();
        scheduler.Step(At(2));
        scheduler.Step(At(60));
        Assert.Equal(0, scheduler.SoundingCount);
        Assert.DoesNotContain(_output.Messages, m => m.IsNoteOn && m.Data1 == 52);
        Assert.Contains(_output.Messages, m => m.Command == 0xB0 && m.Data1 == 123 && m.Channel == 0);
        Assert.Contains(_output.Messages, m => m.Command == 0xB0 && m.Data1 == 123 && m.Channel == 2);
        Assert.Empty(NotePairing.Stuck(_output.Messages));
    }

    [Fact]
    public void A_lost_output_counts_failures_and_tracks_nothing()
    {
        var scheduler = Scheduler();
        _output.State = MidiPortState.Lost;
        _ring.TryWrite(EngineEvent.NoteOn(At(0), 0, EventKind.Player, 0, 60, 80));
        scheduler.Step(At(0));
        Assert.Equal(0, scheduler.SoundingCount);
        Assert.Equal(1, _metrics.SendFailures);
    }
}
