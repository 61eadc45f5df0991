using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Bench.Ports;

/// <summary>
/// Cost of one write + read on one thread (no contention): the SPSC ring, the byte-message ring and a
/// bounded single-reader/single-writer Channel&lt;T&gt; (the baseline). Cross-thread throughput and latency
/// are in <c>musicgen bench ring</c>.
/// </summary>
[MemoryDiagnoser]
public class RingBenchmarks
{
    private const int Ops = 1024;
    private readonly SpscRing<long> _ring = new(1024);
    private readonly MidiMessageRing _bytes = new(1 << 16);
    private readonly Channel<long> _channel = Channel.CreateBounded<long>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true });
    private readonly byte[] _note = [0x90, 60, 100];
    private readonly byte[] _scratch = new byte[16];

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    public long Channel_write_read()
    {
        long sum = 0;
        for (var i = 0; i < Ops; i++)
        {
            _channel.Writer.TryWrite(i);
            _channel.Reader.TryRead(out var v);
            sum += v;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public long Spsc_write_read()
    {
        long sum = 0;
        for (var i = 0; i < Ops; i++)
        {
            _ring.TryWrite(i);
            _ring.TryRead(out var v);
            sum += v;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public long Midi_message_write_read()
    {
        long sum = 0;
        for (var i = 0; i < Ops; i++)
        {
            _bytes.TryWrite(_note, i);
            _bytes.TryRead(_scratch, out var length, out var t);
            sum += length + t;
        }

        return sum;
    }
}
