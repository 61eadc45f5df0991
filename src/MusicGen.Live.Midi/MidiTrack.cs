namespace MusicGen.Live.Midi;

/// <summary>
/// One track: its events in file order with absolute ticks (non-decreasing), without the end-of-track meta event,
/// whose tick is <see cref="EndTick"/>. Events can be edited in place (same index, same order) and written back.
/// </summary>
public sealed class MidiTrack
{
    public MidiTrack()
    {
    }

    public MidiTrack(IEnumerable<MidiEvent> events, long endTick = 0)
    {
        Events.AddRange(events);
        EndTick = endTick;
    }

    public List<MidiEvent> Events { get; } = [];

    /// <summary>Tick of the end-of-track event. The writer uses the later of this and the last event's tick.</summary>
    public long EndTick { get; set; }

    /// <summary>The first track-name meta event's text, or null.</summary>
    public string? Name => Events.FirstOrDefault(e => e.IsMeta && e.Data1 == MetaEventType.TrackName) is { IsMeta: true } e ? e.Text : null;

    /// <summary>The tick at which the track ends: its end-of-track tick or its last event, whichever is later.</summary>
    public long LastTick => Events.Count == 0 ? EndTick : Math.Max(EndTick, Events[^1].Tick);
}
