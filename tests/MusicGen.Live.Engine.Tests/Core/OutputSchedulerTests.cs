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

    [Fact]
    public void A_refused_note_off_keeps_the_note_tracked_and_is_retried_until_it_goes_out()
    {
        var scheduler = Scheduler();
        _ring.TryWrite(EngineEvent.NoteOn(At(0), 0, EventKind.Player, 0, 60, 80));
        scheduler.Step(At(0));
        _output.State = MidiPortState.Lost; // refuses for a while
        _ring.TryWrite(EngineEvent.NoteOff(At(5), 0, EventKind.Player, 0, 60));
        _ring.TryWrite(EngineEvent.NoteOn(At(6), 0, EventKind.Player, 0, 60, 80)); // re-struck over the note still sounding
        for (var ms = 5; ms < 40; ms++)
        {
            scheduler.Step(At(ms));
        }

        Assert.Equal(1, scheduler.SoundingCount);
        Assert.Equal(1, _metrics.NoteOffsOwed);
        _output.State = MidiPortState.Running;
        for (var ms = 40; ms < 60; ms++)
        {
            scheduler.Step(At(ms));
        }

        Assert.Equal(0, scheduler.SoundingCount);
        Assert.Equal(0, _metrics.NoteOffsOwed);
        var off = Assert.Single(_output.Messages, m => m.IsNoteOff);
        Assert.InRange(EngineRig.Ms(off.Timestamp), 40, 51);
        Assert.Single(_output.Messages, m => m.IsNoteOn); // no second on over a note whose off was refused
    }

    [Fact]
    public void Stop_ends_every_note_and_lifts_the_pedal_on_every_channel_used_the_players_included()
    {
        var scheduler = Scheduler();
        _ring.TryWrite(EngineEvent.Control(At(0), 5, 64, 127)); // the player's pedal, forwarded on channel 6
        _ring.TryWrite(EngineEvent.NoteOn(At(0), 0, EventKind.Player, 0, 60, 80));
        _ring.TryWrite(EngineEvent.NoteOn(At(0), 0, EventKind.Generated, 1, 72, 80));
        _ring.TryWrite(EngineEvent.NoteOff(At(500), 0, EventKind.Generated, 1, 72));
        scheduler.Step(At(1));
        scheduler.Stop(At(2));
        Assert.Equal(0, scheduler.SoundingCount);
        Assert.Empty(NotePairing.Stuck(_output.Messages));
        var pedalUp = _output.Messages.Where(m => m.Command == 0xB0 && m.Data1 == 64 && m.Data2 == 0).Select(m => m.Channel).Order();
        Assert.Equal([0, 1, 5], pedalUp);
        Assert.DoesNotContain(_output.Messages, m => m.Command == 0xB0 && m.Data1 == 123); // everything was reached note by note
    }

    [Fact]
    public void Stop_sends_all_notes_off_where_a_note_off_could_not_be_delivered()
    {
        var scheduler = Scheduler();
        _ring.TryWrite(EngineEvent.NoteOn(At(0), 0, EventKind.Player, 3, 60, 80));
        scheduler.Step(At(0));
        _output.State = MidiPortState.Lost;
        _ring.TryWrite(EngineEvent.NoteOff(At(5), 0, EventKind.Player, 3, 60));
        scheduler.Step(At(5));
        _output.State = MidiPortState.Running;
        scheduler.Stop(At(6));
        Assert.Contains(_output.Messages, m => m.Command == 0xB0 && m.Data1 == 123 && m.Channel == 3);
        Assert.Empty(NotePairing.Stuck(_output.Messages));
    }

    [Fact]
    public void A_scheduler_that_ran_late_sends_a_due_note_off_after_the_note_on_it_holds()
    {
        var scheduler = Scheduler();
        _ring.TryWrite(EngineEvent.NoteOn(At(83), 0, EventKind.Player, 0, 60, 80));
        scheduler.Step(At(80)); // in the heap, due at 83
        _ring.TryWrite(EngineEvent.NoteOff(At(125), 0, EventKind.Player, 0, 60));
        scheduler.Step(At(329)); // the thread was preempted: both are due
        Assert.Equal(0, scheduler.SoundingCount);
        Assert.Equal([true, false], _output.Messages.Select(m => m.IsNoteOn));
    }

    [Fact]
    public void An_exception_on_the_scheduler_thread_is_caught_named_and_the_thread_goes_on()
    {
        var output = new ThrowingOnceOutput();
        var metrics = new EngineMetrics();
        var scheduler = new OutputScheduler(output, _ring, null, metrics, 48, 10);
        var thread = new Thread(scheduler.Run) { IsBackground = true };
        thread.Start();
        _ring.TryWrite(EngineEvent.NoteOn(MidiClock.Now, 0, EventKind.Player, 0, 60, 80)); // its send throws
        Assert.True(SpinWait.SpinUntil(() => metrics.Faults == 1, TimeSpan.FromSeconds(10)));
        _ring.TryWrite(EngineEvent.NoteOn(MidiClock.Now, 0, EventKind.Player, 0, 62, 80));
        Assert.True(SpinWait.SpinUntil(() => scheduler.SoundingCount == 1, TimeSpan.FromSeconds(10)));
        scheduler.RequestStop();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, scheduler.SoundingCount);
        Assert.StartsWith("scheduler thread: InvalidOperationException: backend bug", metrics.LastFault);
        Assert.Empty(NotePairing.Stuck(output.Inner.Messages));
    }

    /// <summary>An output whose first send throws (a backend breaking its contract); the rest are captured.</summary>
    private sealed class ThrowingOnceOutput : IMidiOutput
    {
        private int _sends;

        public CapturingOutput Inner { get; } = new();

        public string Name => Inner.Name;

        public MidiPortState State => Inner.State;

        public long Dropped => Inner.Dropped;

        public long Errors => Inner.Errors;

        public event EventHandler<MidiPortLostEventArgs>? Lost
        {
            add { }
            remove { }
        }

        public bool Send(ReadOnlySpan<byte> message) => SendAt(message, MidiClock.Now);

        public bool SendAt(ReadOnlySpan<byte> message, long timestamp) =>
            Interlocked.Increment(ref _sends) == 1 ? throw new InvalidOperationException("backend bug") : Inner.SendAt(message, timestamp);

        public void Dispose()
        {
        }
    }
}
