using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Metrics;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Tests.Core;

/// <summary>
/// The scheduler with an output that takes messages ahead of time (<see cref="IMidiOutput.ScheduleHorizon"/>, as
/// JACK does): each goes over up to the horizon early, stamped with its due time; a note ended early (panic,
/// re-strike, stop) gets a note-off no earlier than its note-on's time, so what was handed over never hangs.
/// </summary>
public sealed class OutputSchedulerAheadTests
{
    private const double HorizonMs = 50;
    private readonly CapturingOutput _output = new() { ScheduleHorizon = MidiClock.FromMilliseconds(HorizonMs) };
    private readonly SpscRing<EngineEvent> _ring = new(1 << 14);
    private readonly EngineMetrics _metrics = new();

    private static long At(double ms) => EngineRig.At(ms);

    private OutputScheduler Scheduler() => new(_output, _ring, null, _metrics, 48, 10);

    [Fact]
    public void Hands_each_event_over_a_horizon_early_stamped_with_its_due_time()
    {
        var scheduler = Scheduler();
        _ring.TryWrite(EngineEvent.NoteOn(At(100), 0, EventKind.Generated, 1, 60, 80));
        _ring.TryWrite(EngineEvent.NoteOff(At(300), 0, EventKind.Generated, 1, 60));
        for (var ms = 0; ms <= 300; ms++)
        {
            var wait = scheduler.Step(At(ms));
            Assert.Equal(ms >= 250 ? 2 : ms >= 50 ? 1 : 0, _output.Messages.Count);
            if (ms < 50)
            {
                Assert.Equal(At(100 - HorizonMs) - At(ms), wait); // wakes for the hand-over, not the due time
            }
        }

        Assert.Equal([At(100), At(300)], _output.Messages.Select(m => m.Timestamp));
        Assert.Equal(0, _metrics.ScheduleError.MaxMilliseconds); // on time by construction: the output keeps the time
    }

    [Fact]
    public void A_panic_after_a_note_on_went_over_ends_it_at_its_onset_not_before()
    {
        var scheduler = Scheduler();
        _ring.TryWrite(EngineEvent.NoteOn(At(100), 0, EventKind.Generated, 1, 60, 80));
        _ring.TryWrite(EngineEvent.NoteOff(At(400), 0, EventKind.Generated, 1, 60));
        scheduler.Step(At(60)); // the note-on is handed over, due at 100
        scheduler.RequestPanic();
        scheduler.Step(At(61));
        AssertEveryNoteOnIsFollowedByItsOff();
        var off = _output.Messages.Single(m => m.IsNoteOff && m.Data1 == 60);
        Assert.Equal(At(100), off.Timestamp);
        Assert.Equal(0, scheduler.SoundingCount);
    }

    [Fact]
    public void A_restrike_handed_over_ahead_ends_the_old_note_at_the_new_onset()
    {
        var scheduler = Scheduler();
        _ring.TryWrite(EngineEvent.NoteOn(At(100), 0, EventKind.Generated, 1, 60, 80));
        _ring.TryWrite(EngineEvent.NoteOn(At(200), 0, EventKind.Generated, 1, 60, 90));
        _ring.TryWrite(EngineEvent.NoteOff(At(500), 0, EventKind.Generated, 1, 60));
        for (var ms = 0; ms <= 160; ms++)
        {
            scheduler.Step(At(ms));
        }

        Assert.Equal([(0x91, At(100)), (0x81, At(200)), (0x91, At(200))], _output.Messages.Select(m => ((int)m.Status, m.Timestamp)));
        scheduler.ReleaseAll(At(170), allNotesOff: false); // stop before the second note sounds: its off still follows it
        AssertEveryNoteOnIsFollowedByItsOff();
    }

    /// <summary>In time order (stable: equal times in send order, as JACK writes them), every note-on is ended by a later off.</summary>
    private void AssertEveryNoteOnIsFollowedByItsOff()
    {
        var sounding = new HashSet<int>();
        foreach (var m in _output.Messages.Select((m, i) => (m, i)).OrderBy(x => x.m.Timestamp).ThenBy(x => x.i).Select(x => x.m))
        {
            var key = (m.Channel << 7) | m.Data1;
            if (m.IsNoteOn)
            {
                Assert.True(sounding.Add(key), $"note {key} struck again while sounding");
            }
            else if (m.IsNoteOff)
            {
                sounding.Remove(key);
            }
        }

        Assert.Empty(sounding);
    }
}
