using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Ports.Rings;

/// <summary>
/// The input side of the engine's first hop: copies each message from the port's callback into a
/// <see cref="MidiMessageRing"/> for another thread to drain.
/// </summary>
/// <remarks>
/// Threading: <see cref="Receive"/> is the ring's single producer, on the input's real-time thread; a full
/// ring drops the message and counts it (<see cref="MidiMessageRing.Dropped"/>): no allocation, lock or throw.
/// </remarks>
public sealed class MidiRingReceiver(MidiMessageRing ring) : IMidiReceiver
{
    public MidiMessageRing Ring { get; } = ring;

    public void Receive(ReadOnlySpan<byte> message, long timestamp) => Ring.TryWrite(message, timestamp);
}
