using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.TestSupport.Messages;

/// <summary>A receiver that only counts what arrives: for allocation and throughput tests, where keeping the messages would allocate.</summary>
/// <remarks>Threading: <see cref="Receive"/> on the port's thread (no allocation, no lock); <see cref="Count"/> from any thread.</remarks>
public sealed class CountingReceiver : IMidiReceiver
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Receive(ReadOnlySpan<byte> message, long timestamp) => Interlocked.Increment(ref _count);
}
