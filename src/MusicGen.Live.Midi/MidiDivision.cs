namespace MusicGen.Live.Midi;

/// <summary>
/// The header's time division: either ticks per quarter note (PPQ, tempo-relative) or SMPTE frames per second
/// and ticks per frame (absolute time; tempo events do not change it). <see cref="Raw"/> is the 16-bit header value.
/// </summary>
public readonly record struct MidiDivision
{
    private MidiDivision(ushort raw) => Raw = raw;

    public ushort Raw { get; }

    public bool IsSmpte => (Raw & 0x8000) != 0;

    /// <summary>Ticks per quarter note; 0 for SMPTE divisions.</summary>
    public int TicksPerQuarterNote => IsSmpte ? 0 : Raw;

    /// <summary>SMPTE frame rate code as stored: 24, 25, 29 (29.97 drop-frame) or 30; 0 for PPQ.</summary>
    public int SmpteFormat => IsSmpte ? -(sbyte)(Raw >> 8) : 0;

    /// <summary>Ticks per SMPTE frame; 0 for PPQ.</summary>
    public int TicksPerFrame => IsSmpte ? Raw & 0xFF : 0;

    public static MidiDivision FromTicksPerQuarterNote(int ticks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ticks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ticks, 0x7FFF);
        return new MidiDivision((ushort)ticks);
    }

    public static MidiDivision FromSmpte(int framesPerSecond, int ticksPerFrame)
    {
        if (framesPerSecond is not (24 or 25 or 29 or 30))
        {
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "SMPTE rate must be 24, 25, 29 or 30");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ticksPerFrame, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ticksPerFrame, 255);
        return new MidiDivision((ushort)(((-framesPerSecond) & 0xFF) << 8 | ticksPerFrame));
    }

    /// <summary>Wraps a header value as read; returns false when it can never be valid (PPQ 0, unknown SMPTE rate, 0 ticks per frame).</summary>
    public static bool TryFromRaw(ushort raw, out MidiDivision division)
    {
        division = new MidiDivision(raw);
        return division.IsSmpte
            ? division.SmpteFormat is 24 or 25 or 29 or 30 && division.TicksPerFrame > 0
            : raw > 0;
    }

    public override string ToString() => IsSmpte
        ? $"SMPTE {SmpteFormat} fps, {TicksPerFrame} ticks/frame"
        : $"{TicksPerQuarterNote} ticks/quarter";
}
