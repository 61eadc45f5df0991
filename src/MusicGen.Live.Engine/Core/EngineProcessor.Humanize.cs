using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Core;

/// <summary>
/// Humanize: velocities from the stage, causal or after a fixed look-ahead delay. Engine thread only.
/// </summary>
/// <remarks>
/// Each onset is pushed to the stage once, as it arrives; the stage (its model's streamer) keeps the notes of the
/// look-ahead window, the only copy. The delay line here holds messages, not notes: every player message in look-ahead
/// mode waits in it for its due time (onset + the fixed delay), so that note-offs, pedal and other controllers leave in
/// the order they came and behind the note-ons they follow. A delayed note-on takes its velocity from the stage when it
/// is released; the stage gives velocities in onset order, the order the line releases note-ons, so no id or sequence
/// is kept to match them. The line cannot also be the stage's window: a model reads notes (durations, pedal), not
/// messages, and a bidirectional model reads the whole window at once.
/// </remarks>
public sealed partial class EngineProcessor
{
    private const int DelayCapacity = IVelocityStage.MaxPending;
    private readonly EngineEvent[] _delayed = new EngineEvent[DelayCapacity]; // (DelayCapacity) FIFO ring of look-ahead messages
    private readonly bool[] _delayedPushed = new bool[DelayCapacity]; // (DelayCapacity) the delayed note-on's onset went to the stage: its velocity is owed
    private readonly long[] _delayedDue = new long[DelayCapacity]; // (DelayCapacity) due time of each, fixed when queued (a mode switch must not reorder)
    private readonly long _lookaheadDelay;
    private int _delayHead;
    private int _delayCount;
    private long _lastTick; // the engine clock at the last Tick: the time of a panic raised from inside a stage call

    private void Humanize(in EngineEvent e)
    {
        // Off (or a faulted stage): nothing goes to the stage, and the player's velocity leaves, said by the mode (or the
        // stage's name). Otherwise the onset is pushed now, and its velocity taken when the note-on leaves.
        var pushed = HumanizeMode != HumanizeMode.Off && !_stageFailed && Push(e);
        if (HumanizeMode == HumanizeMode.Off && _delayCount == 0)
        {
            Emit(e, e.Time, e.Data2);
        }
        else if (HumanizeMode == HumanizeMode.Causal && _delayCount == 0)
        {
            Emit(e, e.Time, pushed ? VelocityOf(e.Data2, e.Time) : e.Data2);
        }
        else
        {
            Delay(e, pushed);
        }
    }

    /// <summary>What the stage may read after an onset in the current mode.</summary>
    private Lookahead StageLookahead => HumanizeMode == HumanizeMode.Lookahead ? VelocityLookahead : Lookahead.Causal;

    /// <summary>Gives the onset of note-on <paramref name="e"/> to the stage, in the mode's look-ahead; false when the stage faulted on it.</summary>
    private bool Push(in EngineEvent e)
    {
        try
        {
            _velocity.Lookahead = StageLookahead; // a mode switch restarts the stage's stream from its oldest pending note
            _velocity.Push(new NoteOnset(Seconds(e.Time), (byte)e.Channel, e.Data1, e.Data2, _pedal));
            return true;
        }
        catch (Exception exception)
        {
            StageFault(0, "threw on a note-on", exception);
            return false;
        }
    }

    /// <summary>
    /// The stage's velocity for the oldest note-on pushed and not yet released, asked at <paramref name="now"/> (every
    /// message that arrived by then has been processed): blended with <paramref name="input"/> by the humanize amount.
    /// </summary>
    private byte VelocityOf(byte input, long now)
    {
        if (_stageFailed)
        {
            return input; // said by the stage's name and the fault count
        }

        try
        {
            var off = HumanizeMode == HumanizeMode.Off;
            if (!off)
            {
                _velocity.Lookahead = StageLookahead;
            }

            var nowSeconds = Seconds(now);
            var early = _velocity.Early;
            if (!_velocity.TryTake(nowSeconds, force: false, out var stage) && !_velocity.TryTake(nowSeconds, force: true, out stage))
            {
                return StageFault(input, "has no velocity for a note pushed to it", null);
            }

            if (_velocity.Early != early)
            {
                _metrics.EarlyVelocity(_velocity.Early - early);
            }

            if (off)
            {
                return input; // pushed before humanize went off: taken so the stage keeps step, not used
            }

            if (stage is < 1 or > 127)
            {
                return StageFault(input, $"gave velocity {stage} (outside 1–127)", null);
            }

            return (byte)Math.Clamp((int)Math.Round(input + (HumanizeAmount * (stage - input))), 1, 127);
        }
        catch (Exception exception)
        {
            return StageFault(input, "threw", exception);
        }
    }

    /// <summary>
    /// The velocity stage failed: from here on the player's velocities pass through, said in the stage's name and
    /// the fault count; every sounding note ends. Returns <paramref name="input"/>.
    /// </summary>
    private byte StageFault(byte input, string what, Exception? exception)
    {
        _stageFailed = true;
        _stageName = $"input velocity ({_velocity.Name} faulted)";
        _metrics.Fault($"engine thread: velocity stage {_velocity.Name} {what}", exception);
        Panic(_lastTick);
        return input;
    }

    private void Delay(in EngineEvent e, bool pushed = false)
    {
        if (_delayCount == DelayCapacity)
        {
            ReleaseDelayed(long.MaxValue, flush: true); // overflow: let the oldest go now rather than drop
        }

        var slot = (_delayHead + _delayCount) % DelayCapacity;
        _delayed[slot] = e;
        _delayedPushed[slot] = pushed;
        _delayedDue[slot] = HumanizeMode == HumanizeMode.Lookahead ? e.Time + _lookaheadDelay : e.Time;
        _delayCount++;
    }

    /// <summary>
    /// Hands delayed messages whose due time (fixed when each was queued, so a mode switch cannot reorder them) is
    /// near to the scheduler; the stage has seen what arrived meanwhile as look-ahead.
    /// </summary>
    private void ReleaseDelayed(long now, bool flush)
    {
        _lastTick = now == long.MaxValue ? _lastTick : now;
        while (_delayCount > 0)
        {
            ref readonly var e = ref _delayed[_delayHead];
            var due = _delayedDue[_delayHead];
            if (!flush && due - _scheduleAhead > now)
            {
                return;
            }

            var data2 = _delayedPushed[_delayHead] ? VelocityOf(e.Data2, _lastTick) : e.Data2;
            Emit(e, due, data2);
            _delayHead = (_delayHead + 1) % DelayCapacity;
            _delayCount--;
        }
    }
}
