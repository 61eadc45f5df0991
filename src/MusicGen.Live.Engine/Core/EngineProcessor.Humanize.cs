using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Core;

/// <summary>Humanize: velocities from the stage, causal or after a fixed look-ahead delay. Engine thread only.</summary>
public sealed partial class EngineProcessor
{
    private const int WindowCapacity = 256;
    private const int DelayCapacity = 1024;
    private readonly NoteOnset[] _window = new NoteOnset[WindowCapacity]; // (WindowCapacity) recent onsets, oldest first
    private readonly EngineEvent[] _delayed = new EngineEvent[DelayCapacity]; // (DelayCapacity) FIFO ring of look-ahead messages
    private readonly long[] _delayedSeq = new long[DelayCapacity]; // (DelayCapacity) onset sequence of each delayed note-on
    private readonly long[] _delayedDue = new long[DelayCapacity]; // (DelayCapacity) due time of each, fixed when queued (a mode switch must not reorder)
    private readonly long _lookaheadDelay;
    private int _windowCount;
    private long _windowBase; // sequence number of _window[0]
    private int _delayHead;
    private int _delayCount;
    private long _lastTick; // the engine clock at the last Tick: the time of a panic raised from inside a stage call

    private void Humanize(in EngineEvent e)
    {
        if (HumanizeMode == HumanizeMode.Off && _delayCount == 0)
        {
            Emit(e, e.Time, e.Data2);
            return;
        }

        var seq = AppendOnset(new NoteOnset(_windowBase + _windowCount, Seconds(e.Time), (byte)e.Channel, e.Data1, e.Data2, _pedal));
        if (HumanizeMode == HumanizeMode.Causal && _delayCount == 0)
        {
            Emit(e, e.Time, VelocityOf(seq, e.Data2, e.Time));
        }
        else
        {
            Delay(e, seq);
        }
    }

    private long AppendOnset(in NoteOnset onset)
    {
        if (_windowCount == WindowCapacity)
        {
            const int Keep = WindowCapacity / 2;
            Array.Copy(_window, WindowCapacity - Keep, _window, 0, Keep);
            _windowBase += WindowCapacity - Keep;
            _windowCount = Keep;
        }

        _window[_windowCount++] = onset;
        return _windowBase + _windowCount - 1;
    }

    /// <summary>What the stage may read after an onset in the current mode.</summary>
    private Lookahead StageLookahead => HumanizeMode == HumanizeMode.Lookahead ? VelocityLookahead : Lookahead.Causal;

    /// <summary>The stage's velocity for onset <paramref name="seq"/>, asked at <paramref name="now"/> (every message that arrived by then has been processed).</summary>
    private byte VelocityOf(long seq, byte input, long now)
    {
        var index = seq - _windowBase;
        if (_stageFailed || HumanizeMode == HumanizeMode.Off)
        {
            return input; // said by the stage's name (faulted) and the mode
        }

        if (index < 0)
        {
            _metrics.PassedThroughVelocity(); // the onset left the window while it waited: counted, not hidden
            return input;
        }

        try
        {
            var early = _velocity.Early;
            var stage = _velocity.Velocity(_window.AsSpan(0, _windowCount), (int)index, StageLookahead, Seconds(now));
            if (_velocity.Early != early)
            {
                _metrics.EarlyVelocity(_velocity.Early - early);
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

    private void Delay(in EngineEvent e, long seq = -1)
    {
        if (_delayCount == DelayCapacity)
        {
            ReleaseDelayed(long.MaxValue, flush: true); // overflow: let the oldest go now rather than drop
        }

        var slot = (_delayHead + _delayCount) % DelayCapacity;
        _delayed[slot] = e;
        _delayedSeq[slot] = seq;
        _delayedDue[slot] = HumanizeMode == HumanizeMode.Lookahead ? e.Time + _lookaheadDelay : e.Time;
        _delayCount++;
    }

    /// <summary>
    /// Hands delayed messages whose due time (fixed when each was queued, so a mode switch cannot reorder them) is
    /// near to the scheduler; the stage sees what arrived meanwhile as look-ahead.
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

            var data2 = e.IsNoteOn ? VelocityOf(_delayedSeq[_delayHead], e.Data2, _lastTick) : e.Data2;
            Emit(e, due, data2);
            _delayHead = (_delayHead + 1) % DelayCapacity;
            _delayCount--;
        }
    }

}
