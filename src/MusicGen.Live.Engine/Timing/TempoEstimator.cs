using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Timing;

/// <summary>
/// The player's pulse from their inter-onset intervals (median of the last 16, chords and long gaps left out,
/// folded by octaves into 0.33–1 s per beat), or from incoming MIDI clock (24 per quarter) while it runs at 30–300 bpm.
/// Also the silence threshold: a multiple of the player's typical interval, never below a floor.
/// </summary>
/// <remarks>Threading: engine thread only; fixed arrays; no allocation.</remarks>
public sealed class TempoEstimator
{
    private const int Window = 16;
    private static readonly long s_chord = MidiClock.FromMilliseconds(60);
    private static readonly long s_gap = MidiClock.FromMilliseconds(2000);
    private readonly long[] _intervals = new long[Window]; // (Window) ring of recent IOIs, ticks
    private readonly long[] _scratch = new long[Window];   // (Window) sort buffer for the median
    private int _count;
    private long _lastOnset;
    private long _lastClock;
    private double _clockInterval; // smoothed ticks between MIDI clocks
    private long _medianCache = -1;

    /// <summary>Onset of the player's most recent note (ticks); 0 before the first.</summary>
    public long LastOnset => _lastOnset;

    /// <summary>True while MIDI clock has arrived in the last second.</summary>
    public bool ClockRunning(long now) => _lastClock != 0 && now - _lastClock < MidiClock.Frequency;

    public void Reset()
    {
        _count = 0;
        _lastOnset = 0;
        _lastClock = 0;
        _clockInterval = 0;
        _medianCache = -1;
    }

    public void Onset(long time)
    {
        if (_lastOnset != 0)
        {
            var ioi = time - _lastOnset;
            if (ioi >= s_chord && ioi <= s_gap)
            {
                _intervals[_count % Window] = ioi;
                _count++;
                _medianCache = -1;
            }
        }

        _lastOnset = time;
    }

    public void Clock(long time)
    {
        if (_lastClock != 0)
        {
            var interval = time - _lastClock;
            _clockInterval = _clockInterval == 0 ? interval : (0.9 * _clockInterval) + (0.1 * interval);
        }

        _lastClock = time;
    }

    /// <summary>Median inter-onset interval (ticks), or <paramref name="fallback"/> before 3 intervals.</summary>
    public long MedianInterval(long fallback)
    {
        var n = Math.Min(_count, Window);
        if (n < 3)
        {
            return fallback;
        }

        if (_medianCache < 0)
        {
            Array.Copy(_intervals, _scratch, n);
            Array.Sort(_scratch, 0, n);
            _medianCache = _scratch[n / 2];
        }

        return _medianCache;
    }

    /// <summary>Beat length in ticks: from MIDI clock when running, else the folded median interval (0.5 s before any).</summary>
    public long BeatTicks(long now)
    {
        // A clock outside 30–300 bpm is garbage (a burst of clock bytes in one delivery reads as a beat of 0, which
        // froze an answer's cursor): the player's own pulse is used instead.
        var clockBeat = _clockInterval * 24;
        if (ClockRunning(now) && clockBeat >= MidiClock.Frequency / 5.0 && clockBeat <= MidiClock.Frequency * 2.0)
        {
            return (long)clockBeat;
        }

        var beat = (double)MedianInterval(MidiClock.FromMilliseconds(500));
        var min = MidiClock.Frequency / 3.0;
        while (beat < min)
        {
            beat *= 2;
        }

        while (beat > MidiClock.Frequency)
        {
            beat /= 2;
        }

        return (long)beat;
    }

    /// <summary>Silence that ends a phrase: <paramref name="factor"/> × the median interval, at least <paramref name="floorTicks"/>.</summary>
    public long SilenceThreshold(double factor, long floorTicks) =>
        Math.Max(floorTicks, (long)(factor * MedianInterval(floorTicks)));

    /// <summary>The first beat of the player's grid (anchored at their last onset) at or after <paramref name="time"/>.</summary>
    public long NextBeat(long time, long beat)
    {
        if (_lastOnset == 0 || beat <= 0)
        {
            return time;
        }

        var beats = Math.Max(0, (long)Math.Ceiling((time - _lastOnset) / (double)beat));
        return _lastOnset + (beats * beat);
    }
}
