using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MusicGen.Live.Engine.Config;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>What a player (or the world) does in one step of a <see cref="RandomSession"/>.</summary>
public enum SessionStepKind
{
    NoteOn,
    NoteOff,
    NoteOnVelocityZero,
    Pedal,
    Control,
    Trigger,
    PanicController,
    RequestPanic,
    OtherController,

    /// <summary>The scheduler thread does not run for <see cref="SessionStep.Data2"/> ms (preempted) while the engine thread goes on.</summary>
    SchedulerStall,
}

/// <summary>One step: wait <see cref="WaitMs"/>, then send one message (or request a panic from another thread).</summary>
public readonly record struct SessionStep(SessionStepKind Kind, byte Channel, byte Data1, byte Data2, int WaitMs)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"+{WaitMs} {Kind} ch{Channel} {Data1} {Data2}");
}

/// <summary>
/// A random live session for the engine's property tests: the engine's settings (look-ahead 0–500 ms, modes, the
/// scheduler ring's size, how often the output refuses and the models fail) and the player's steps (and the
/// scheduler thread's stalls, which fill a small ring). The player plays
/// on channels 1 and 4 (0 and 3 on the wire), apart from the generated voices (2 and 3), so every note on the
/// output has one author. Shrinks by dropping steps and switching failures off, for a short counterexample.
/// </summary>
public sealed record RandomSession(
    int LookaheadMs,
    HumanizeMode Humanize,
    ContinuationMode Continuation,
    int RingCapacity,
    int FailPercent,
    int StageFaultOdds,
    int GeneratorFaultOdds,
    int Seed,
    SessionStep[] Steps)
{
    public static readonly byte[] PlayerChannels = [0, 3];

    public static Arbitrary<RandomSession> Arbitrary { get; } = Arb.From(Generator(), Shrink);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"lookahead {LookaheadMs} ms, humanize {Humanize}, continuation {Continuation}, ring {RingCapacity}, ");
        text.Append(CultureInfo.InvariantCulture, $"output fails {FailPercent}%, stage fault 1/{StageFaultOdds}, generator fault 1/{GeneratorFaultOdds}, seed {Seed}: ");
        text.AppendJoin("; ", Steps);
        return text.ToString();
    }

    private static Gen<RandomSession> Generator()
    {
        var settings =
            from lookahead in Gen.Choose(0, 500)
            from humanize in Gen.Elements(HumanizeMode.Off, HumanizeMode.Causal, HumanizeMode.Lookahead)
            from continuation in Gen.Elements(ContinuationMode.Off, ContinuationMode.CallAndResponse, ContinuationMode.Accompaniment)
            from ring in Gen.Frequency((3, Gen.Elements(2, 4, 8, 16)), (7, Gen.Constant(1 << 12)))
            select (lookahead, humanize, continuation, ring);
        var faults =
            from fail in Gen.Frequency((5, Gen.Constant(0)), (5, Gen.Choose(1, 30)))
            from stage in Gen.Frequency((4, Gen.Constant(0)), (6, Gen.Choose(20, 400)))
            from generator in Gen.Frequency((4, Gen.Constant(0)), (6, Gen.Choose(20, 400)))
            from seed in Gen.Choose(0, int.MaxValue - 3)
            select (fail, stage, generator, seed);
        return from s in settings
               from f in faults
               from steps in Gen.Choose(1, 60).SelectMany(n => Step().ArrayOf(n))
               select new RandomSession(s.lookahead, s.humanize, s.continuation, s.ring, f.fail, f.stage, f.generator, f.seed, steps);
    }

    private static Gen<SessionStep> Step()
    {
        var channel = Gen.Elements(PlayerChannels);
        var pitch = Gen.Choose(60, 66).Select(p => (byte)p); // few keys: overlaps and re-strikes are common
        var value = Gen.Choose(0, 127).Select(v => (byte)v);
        var wait = Gen.Frequency((80, Gen.Choose(0, 40)), (15, Gen.Choose(41, 800)), (5, Gen.Choose(801, 5000)));
        var map = new ControlMap();
        var controls = Gen.Elements(
            (byte)map.ContinuationMode, (byte)map.HumanizeMode, (byte)map.HumanizeAmount, (byte)map.TimeTemperature, (byte)map.TimeTopP,
            (byte)map.PitchTemperature, (byte)map.PitchTopP, (byte)map.DurationTemperature, (byte)map.DurationTopP,
            (byte)map.VelocityTemperature, (byte)map.VelocityTopP);
        var message = Gen.Frequency(
            (30, pitch.SelectMany(p => value.Select(v => (SessionStepKind.NoteOn, p, (byte)Math.Max((int)v, 1))))),
            (22, pitch.Select(p => (SessionStepKind.NoteOff, p, (byte)0))),
            (4, pitch.Select(p => (SessionStepKind.NoteOnVelocityZero, p, (byte)0))),
            (8, Gen.Elements<byte>(0, 30, 90, 127).Select(v => (SessionStepKind.Pedal, (byte)64, v))),
            (10, controls.SelectMany(c => value.Select(v => (SessionStepKind.Control, c, v)))),
            (3, value.Select(v => (SessionStepKind.Trigger, (byte)new ContinuationOptions().TriggerController, v))),
            (2, Gen.Elements<byte>((byte)map.Panic, 120, 123).Select(c => (SessionStepKind.PanicController, c, (byte)127))),
            (1, Gen.Constant((SessionStepKind.RequestPanic, (byte)0, (byte)0))),
            (3, Gen.Elements<byte>(1, 7, 11).SelectMany(c => value.Select(v => (SessionStepKind.OtherController, c, v)))),
            (3, Gen.Choose(1, 255).Select(ms => (SessionStepKind.SchedulerStall, (byte)0, (byte)ms))));
        return from m in message
               from c in channel
               from w in wait
               select new SessionStep(m.Item1, c, m.Item2, m.Item3, w);
    }

    private static IEnumerable<RandomSession> Shrink(RandomSession session)
    {
        if (session.FailPercent > 0 || session.StageFaultOdds > 0 || session.GeneratorFaultOdds > 0)
        {
            yield return session with { FailPercent = 0, StageFaultOdds = 0, GeneratorFaultOdds = 0 };
        }

        if (session.Steps.Length > 1)
        {
            var half = session.Steps.Length / 2;
            yield return session with { Steps = session.Steps[..half] };
            yield return session with { Steps = session.Steps[half..] };
        }

        for (var i = 0; i < session.Steps.Length && session.Steps.Length > 1; i++)
        {
            yield return session with { Steps = [.. session.Steps[..i], .. session.Steps[(i + 1)..]] };
        }
    }
}
