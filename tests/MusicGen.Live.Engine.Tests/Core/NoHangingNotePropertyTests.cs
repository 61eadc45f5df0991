using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;
using MusicGen.Live.Engine.Tests.Support;

namespace MusicGen.Live.Engine.Tests.Core;

/// <summary>
/// "No hanging note" as an invariant: random sessions (player notes, pedal, every live control, look-ahead
/// 0–500 ms, trigger, panic, tiny scheduler rings, an output that refuses sends, models that throw or give NaN)
/// through the engine processor and scheduler, checked after every millisecond (see <see cref="SessionRunner"/>).
/// </summary>
public sealed class NoHangingNotePropertyTests(ITestOutputHelper log)
{
    [Property(MaxTest = 3000, QuietOnSuccess = true)]
    public Property Every_note_ends_by_its_deadline_and_stop_leaves_silence_with_the_pedal_up() =>
        Prop.ForAll(RandomSession.Arbitrary, session => new SessionRunner(session).Run());

    [Fact]
    public void The_sessions_reach_every_hazard_the_property_claims_to_cover()
    {
        var sessions = RandomSession.Arbitrary.Generator.Sample(300, new Rnd(42UL, 1UL << 31 | 1), 60);
        long generated = 0, faults = 0, dropped = 0, refused = 0, watchdog = 0, panics = 0, steals = 0;
        foreach (var session in sessions)
        {
            var runner = new SessionRunner(session);
            runner.Run();
            generated += runner.Metrics.GeneratedNotes;
            faults += runner.Metrics.Faults;
            dropped += runner.RingDropped;
            refused += runner.OutputRefused;
            watchdog += runner.Metrics.WatchdogReleases;
            panics += runner.Metrics.Panics;
            steals += runner.Metrics.SuppressedNoteOffs;
        }

        log.WriteLine($"{sessions.Length} sessions, small rings {sessions.Count(x => x.RingCapacity < 64)}, "
            + $"failing outputs {sessions.Count(x => x.FailPercent > 0)}, steps {sessions.Sum(x => x.Steps.Length)}, "
            + $"C&R {sessions.Count(x => x.Continuation == MusicGen.Live.Engine.Config.ContinuationMode.CallAndResponse)}");
        log.WriteLine($"300 sessions: generated {generated}, faults {faults}, ring dropped {dropped}, output refused {refused}, watchdog {watchdog}, panics {panics}, suppressed offs {steals}");
        Assert.All(new[] { generated, faults, dropped, refused, watchdog, panics, steals }, count => Assert.True(count > 0,
            $"generated {generated}, faults {faults}, ring dropped {dropped}, output refused {refused}, watchdog {watchdog}, panics {panics}, suppressed offs {steals}"));
    }
}
