using MusicGen.Live.Engine.Config;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Continuation;

/// <summary>
/// Where accompaniment notes may sound: below the player's lowest recent note (a register <see cref="AccompanimentOptions.RegisterSpan"/>
/// wide), folded into it by octaves, and on one of at most <see cref="AccompanimentOptions.Polyphony"/> voices. The model
/// chooses pitch classes and rhythm; this keeps them out of the player's way.
/// </summary>
/// <remarks>
/// Threading: engine thread only (the continuation controller's). Fixed-size buffers: no allocation after construction.
/// </remarks>
public sealed class AccompanimentVoicing
{
    private const int RecentCapacity = 32;
    private const int MaxVoices = 16;

    private readonly AccompanimentOptions _options;
    private readonly long[] _recentTime = new long[RecentCapacity]; // (RecentCapacity) ring of the player's onsets
    private readonly byte[] _recentPitch = new byte[RecentCapacity]; // (RecentCapacity) and their pitches
    private readonly long[] _voiceEnds = new long[MaxVoices]; // (MaxVoices) end time of each voice's note
    private int _recentCount;
    private int _lowestRecent = 60; // middle C until the player has played

    public AccompanimentVoicing(AccompanimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Top of the register (inclusive), from the player's notes of the last <see cref="AccompanimentOptions.RecentSeconds"/>.</summary>
    public int Top { get; private set; }

    /// <summary>Bottom of the register: notes fold to above it.</summary>
    public int Bottom { get; private set; }

    /// <summary>The register has room for a note (the player is not playing at the very bottom).</summary>
    public bool HasRoom => Top > Bottom;

    /// <summary>The player struck <paramref name="pitch"/> at <paramref name="time"/>.</summary>
    public void PlayerNote(long time, byte pitch)
    {
        _recentTime[_recentCount % RecentCapacity] = time;
        _recentPitch[_recentCount % RecentCapacity] = pitch;
        _recentCount++;
    }

    /// <summary>Accompaniment starts: every voice is free.</summary>
    public void Start() => Array.Clear(_voiceEnds);

    /// <summary>Sets <see cref="Top"/> and <see cref="Bottom"/> for notes decoded at <paramref name="now"/>.</summary>
    public void Update(long now)
    {
        var window = MidiClock.FromMilliseconds(_options.RecentSeconds * 1000);
        var lowest = int.MaxValue;
        for (var i = 0; i < Math.Min(_recentCount, RecentCapacity); i++)
        {
            if (now - _recentTime[i] <= window)
            {
                lowest = Math.Min(lowest, _recentPitch[i]);
            }
        }

        if (lowest != int.MaxValue)
        {
            _lowestRecent = lowest; // a silent player keeps the last register
        }

        Top = _lowestRecent - _options.BelowSemitones;
        Bottom = Math.Max(0, Top - _options.RegisterSpan);
    }

    /// <summary><paramref name="pitch"/> moved by octaves into the register (at most <see cref="Top"/> when it has room).</summary>
    public int Fold(int pitch)
    {
        while (pitch > Top)
        {
            pitch -= 12;
        }

        while (pitch < Bottom)
        {
            pitch += 12;
        }

        return pitch;
    }

    /// <summary>A voice free at <paramref name="time"/> within the polyphony limit, or -1.</summary>
    public int FreeVoice(long time)
    {
        for (var i = 0; i < _options.Polyphony && i < _voiceEnds.Length; i++)
        {
            if (_voiceEnds[i] <= time)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Voice <paramref name="voice"/> sounds until <paramref name="off"/>.</summary>
    public void Occupy(int voice, long off) => _voiceEnds[voice] = off;
}
