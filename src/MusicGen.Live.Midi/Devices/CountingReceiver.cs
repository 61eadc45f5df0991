namespace MusicGen.Live.Midi.Devices;

/// <summary>
/// A receiver that only counts what arrives: where nothing listens to an output but its traffic should be seen (the
/// demo's loopback without a synthesizer) and in allocation and throughput tests, where keeping the messages would allocate.
/// </summary>
/// <remarks>Threading: <see cref="Receive"/> on the port's thread (no allocation, no lock); <see cref="Count"/> from any thread.</remarks>
public sealed class CountingReceiver : IMidiReceiver
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Receive(ReadOnlySpan<byte> message, long timestamp) => Interlocked.Increment(ref _count);
}
