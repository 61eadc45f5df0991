namespace MusicGen.Live.Midi.Devices;

/// <summary>
/// Receives complete MIDI messages from an <see cref="IMidiInput"/>.
/// </summary>
/// <remarks>
/// Threading: <see cref="Receive"/> is called on the port's real-time thread (the JACK process thread,
/// RtMidi's input thread, or the loopback sender's thread), one message at a time, never concurrently
/// for one input. It must not allocate, lock, block or throw: copy the bytes into a ring (or pass them
/// straight to an output) and return. The span is only valid during the call.
/// </remarks>
public interface IMidiReceiver
{
    /// <param name="message">One complete message: a channel/system message or a whole SysEx (F0 … F7).</param>
    /// <param name="timestamp">When it arrived, on the <see cref="MidiClock"/> (Stopwatch ticks).</param>
    void Receive(ReadOnlySpan<byte> message, long timestamp);
}
