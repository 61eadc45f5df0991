using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.Loopback;

/// <summary>
/// In-process input fed by a <see cref="LoopbackMidiOutput"/>: for tests and file mode.
/// </summary>
/// <remarks>
/// Threading: the receiver runs synchronously on the thread that called the paired output's Send (the
/// "real-time thread" of this backend); see <see cref="MidiInputBase"/> for the start/stop hand-off.
/// </remarks>
public sealed class LoopbackMidiInput(string name) : MidiInputBase(name)
{
    /// <summary>Called by the paired output on the sender's thread. False when not started or lost.</summary>
    internal bool Accept(ReadOnlySpan<byte> message, long timestamp)
    {
        if (State == MidiPortState.Lost)
        {
            CountDropped();
            return false;
        }

        return Deliver(message, timestamp);
    }
}
