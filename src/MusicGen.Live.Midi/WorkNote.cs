namespace MusicGen.Live.Midi;

/// <summary>A note while its file is being read: ticks only, mutable so pairing and sustain can set the offset in place.</summary>
internal struct WorkNote
{
    public long OnTick;
    public long OffTick;
    public int Track;
    public byte Channel;
    public byte Pitch;
    public byte Velocity;
}
