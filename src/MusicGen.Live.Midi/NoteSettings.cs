namespace MusicGen.Live.Midi;

/// <summary>
/// How notes are made from events.
/// <list type="bullet">
/// <item>Pairing is per track and per (channel, pitch), first in first out: a note-off (0x8n, or 0x9n with
/// velocity 0) ends the oldest sounding note of its key, as mido-based tools and most sequencers do. Overlapping
/// notes of one pitch therefore end in the order they began. A note-off with no sounding note is ignored.
/// Note-on and note-off at the same tick give a zero-length note (kept; the order in the file decides).</item>
/// <item>Notes still sounding at the end of a track end at the track's end-of-track tick.</item>
/// <item>Tempo: in formats 0 and 1 tempo events of every track apply to all tracks; in format 2 each track
/// has its own tempo map.</item>
/// <item>Sustain (CC64): value ≥ <see cref="SustainThreshold"/> is pedal down. With <see cref="ExtendBySustain"/>,
/// a note released while the pedal is down lasts until the pedal goes up, or until the same pitch is struck
/// again on that channel, whichever comes first (Magenta's rule). The pedal acts per channel across the tracks
/// of format 0/1 files (as a synthesizer hears it) and per track in format 2.</item>
/// </list>
/// </summary>
public sealed record NoteSettings
{
    public static NoteSettings Default { get; } = new();

    /// <summary>CC64 values at or above this hold the pedal down (64 is the MIDI convention).</summary>
    public int SustainThreshold
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(SustainThreshold));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 127, nameof(SustainThreshold));
            field = value;
        }
    } = 64;

    /// <summary>Lengthen notes released under the sustain pedal (off by default: notes as played on the keys).</summary>
    public bool ExtendBySustain { get; init; }
}
