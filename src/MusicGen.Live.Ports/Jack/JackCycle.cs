using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.Jack;

/// <summary>
/// One process cycle's mapping between frame offsets and <see cref="MidiClock"/> ticks:
/// <c>time = Base + floor(frame · F / rate)</c> and its exact inverse <c>frame = ceil((time − Base) · rate / F)</c>
/// (exact because F ≥ rate), so a timestamp taken from an input event maps back to the same frame.
/// </summary>
/// <remarks>
/// Base is the clock read at the callback's start minus one period: the input frames of this cycle arrived
/// during the previous period. Wake-up jitter of the callback moves Base, never the frame offsets.
/// Threading: built and used on the process thread only.
/// </remarks>
internal readonly struct JackCycle(long baseTicks, uint frames, uint sampleRate)
{
    public long Base { get; } = baseTicks;

    public uint Frames { get; } = frames;

    public long TimeOf(uint frame) => Base + (frame * MidiClock.Frequency / sampleRate);

    /// <summary>Frame offset of <paramref name="time"/>: 0 for the past, ≥ <see cref="Frames"/> for a later cycle.</summary>
    public long FrameOf(long time)
    {
        var delta = time - Base;
        if (delta <= 0)
        {
            return 0;
        }

        if (delta > MidiClock.Frequency * 60)
        {
            return long.MaxValue; // far future: avoid overflow, it is simply not this cycle
        }

        return ((delta * sampleRate) + MidiClock.Frequency - 1) / MidiClock.Frequency;
    }

    /// <summary>Signed frame offset of <paramref name="time"/> (negative: before this cycle), for measuring how late a write was.</summary>
    public long OffsetOf(long time)
    {
        var delta = Math.Clamp(time - Base, -MidiClock.Frequency * 60, MidiClock.Frequency * 60);
        return delta >= 0 ? FrameOf(time) : -(-delta * sampleRate / MidiClock.Frequency);
    }
}
