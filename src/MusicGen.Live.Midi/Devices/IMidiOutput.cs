namespace MusicGen.Live.Midi.Devices;

/// <summary>A MIDI output port.</summary>
/// <remarks>
/// Threading: one producer thread at a time calls <see cref="Send"/> / <see cref="SendAt"/> (the
/// output scheduler, or an input's real-time thread in a thru). Backends with a real-time cycle (JACK)
/// also accept calls from their own process thread, where they write straight into the cycle's buffer.
/// Send never blocks, never allocates and never throws in steady state: a message it cannot pass
/// (port lost, queue full) returns false and counts in <see cref="IMidiPort.Dropped"/>.
/// </remarks>
public interface IMidiOutput : IMidiPort
{
    /// <summary>Sends one complete message as soon as the backend can.</summary>
    /// <returns>False when dropped.</returns>
    bool Send(ReadOnlySpan<byte> message);

    /// <summary>
    /// Sends one complete message at <paramref name="timestamp"/> (<see cref="MidiClock"/> ticks).
    /// A backend with a sample clock (JACK) places it at the matching frame of its cycle: a message
    /// received with timestamp t and sent with t inside the same process cycle keeps its frame offset.
    /// A time already past goes out at once; backends without scheduling (RtMidi) send now.
    /// </summary>
    /// <returns>False when dropped.</returns>
    bool SendAt(ReadOnlySpan<byte> message, long timestamp);

    /// <summary>
    /// How far ahead of its timestamp (<see cref="MidiClock"/> ticks) <see cref="SendAt"/> takes a message and still
    /// sends it at that time: a scheduler may hand messages over this early, so the backend, not the scheduler's
    /// wake-up, decides when they leave (JACK: the exact frame in the right cycle). 0 (the default): send when due.
    /// </summary>
    long ScheduleHorizon => 0;
}
