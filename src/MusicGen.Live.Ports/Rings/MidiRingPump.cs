using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Ports.Rings;

/// <summary>
/// Drains a <see cref="MidiMessageRing"/> into an output: the consumer end of an input → ring → output hop.
/// </summary>
/// <remarks>
/// Threading: <see cref="Drain"/> is the ring's single consumer and the output's single producer; call it
/// from one thread (an engine or scheduler loop). It allocates nothing and takes no lock.
/// </remarks>
public sealed class MidiRingPump(MidiMessageRing ring, IMidiOutput output)
{
    /// <summary>Sends everything waiting, keeping each message's timestamp. Returns how many it took.</summary>
    public int Drain()
    {
        var taken = 0;
        while (ring.TryPeek(out var message, out var timestamp))
        {
            output.SendAt(message, timestamp);
            ring.Advance();
            taken++;
        }

        return taken;
    }
}
