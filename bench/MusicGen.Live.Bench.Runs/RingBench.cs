using System.Diagnostics;
using System.Threading.Channels;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench ring</c>: the SPSC ring against <c>Channel&lt;T&gt;</c> (bounded, single reader and
/// writer) between two threads: throughput (items/s, both sides spinning) and per-message latency
/// (write timestamp → read, at a paced rate) with the consumer spinning, and for the channel also awaiting
/// <c>ReadAsync</c> as most code uses it. Measured, never asserted; spinning needs two free cores to mean much.
/// </summary>
public static class RingBench
{
    private const int Capacity = 1024;

    public static int Run(int items, int samples)
    {
        BenchReport.Machine();
        var n = items;
        var m = samples;
        Throughput(n); // warm-up: JIT and tiering for both paths
        var ring = Throughput(n);
        var channel = ThroughputChannel(n);
        var ringLatency = Latency(m, new RingQueue());
        var channelLatency = Latency(m, new ChannelQueue(awaitRead: false));
        var channelAsync = Latency(m, new ChannelQueue(awaitRead: true));
        BenchReport.Figure("ring_spsc_items_per_s", ring);
        BenchReport.Figure("ring_channel_items_per_s", channel);
        Report("ring_spsc", ringLatency);
        Report("ring_channel_spin", channelLatency);
        Report("ring_channel_async", channelAsync);
        return 0;
    }

    private static void Report(string name, long[] ns)
    {
        Array.Sort(ns);
        BenchReport.Figure($"{name}_latency_p50_ns", ns[ns.Length / 2]);
        BenchReport.Figure($"{name}_latency_p99_ns", ns[(int)(ns.Length * 0.99)]);
        BenchReport.Figure($"{name}_latency_max_ns", ns[^1]);
    }

    private static double Throughput(int n)
    {
        var ring = new SpscRing<long>(Capacity);
        var consumer = new Thread(() =>
        {
            for (var got = 0; got < n;)
            {
                if (ring.TryRead(out _))
                {
                    got++;
                }
            }
        });
        var clock = Stopwatch.StartNew();
        consumer.Start();
        for (long i = 0; i < n;)
        {
            if (ring.TryWrite(i))
            {
                i++;
            }
        }

        consumer.Join();
        return n / clock.Elapsed.TotalSeconds;
    }

    private static double ThroughputChannel(int n)
    {
        var channel = Channel.CreateBounded<long>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });
        var consumer = new Thread(() =>
        {
            for (var got = 0; got < n;)
            {
                if (channel.Reader.TryRead(out _))
                {
                    got++;
                }
            }
        });
        var clock = Stopwatch.StartNew();
        consumer.Start();
        for (long i = 0; i < n;)
        {
            if (channel.Writer.TryWrite(i))
            {
                i++;
            }
        }

        consumer.Join();
        return n / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Producer writes its clock every ~20 µs; the consumer records read time minus write time.</summary>
    private static long[] Latency(int samples, ITimedQueue queue)
    {
        var result = new long[samples];
        var consumer = new Thread(() => queue.Consume(result));
        consumer.Start();
        var pace = Stopwatch.Frequency / 50_000;
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            while (!queue.TryWrite(start))
            {
                Thread.SpinWait(1);
            }

            while (Stopwatch.GetTimestamp() - start < pace)
            {
                Thread.SpinWait(1);
            }
        }

        consumer.Join();
        var toNs = 1e9 / Stopwatch.Frequency;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (long)(result[i] * toNs);
        }

        return result;
    }

    private interface ITimedQueue
    {
        bool TryWrite(long stamp);

        void Consume(long[] latencies);
    }

    private sealed class RingQueue : ITimedQueue
    {
        private readonly SpscRing<long> _ring = new(Capacity);

        public bool TryWrite(long stamp) => _ring.TryWrite(stamp);

        public void Consume(long[] latencies)
        {
            for (var i = 0; i < latencies.Length;)
            {
                if (_ring.TryRead(out var stamp))
                {
                    latencies[i++] = Stopwatch.GetTimestamp() - stamp;
                }
            }
        }
    }

    private sealed class ChannelQueue(bool awaitRead) : ITimedQueue
    {
        private readonly Channel<long> _channel = Channel.CreateBounded<long>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });

        public bool TryWrite(long stamp) => _channel.Writer.TryWrite(stamp);

        public void Consume(long[] latencies)
        {
            if (awaitRead)
            {
                ConsumeAsync(latencies).GetAwaiter().GetResult();
                return;
            }

            for (var i = 0; i < latencies.Length;)
            {
                if (_channel.Reader.TryRead(out var stamp))
                {
                    latencies[i++] = Stopwatch.GetTimestamp() - stamp;
                }
            }
        }

        private async Task ConsumeAsync(long[] latencies)
        {
            for (var i = 0; i < latencies.Length; i++)
            {
                var stamp = await _channel.Reader.ReadAsync();
                latencies[i] = Stopwatch.GetTimestamp() - stamp;
            }
        }
    }
}
