using System.Collections.Concurrent;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.Tests.Support;

/// <summary>Test receiver: keeps a copy of every message (allocates; tests only) and lets the test wait for N.</summary>
internal sealed class RecordingReceiver : IMidiReceiver
{
    private readonly ConcurrentQueue<(byte[] Message, long Timestamp)> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyList<(byte[] Message, long Timestamp)> Messages => [.. _messages];

    public int Count => _messages.Count;

    public void Receive(ReadOnlySpan<byte> message, long timestamp)
    {
        _messages.Enqueue((message.ToArray(), timestamp));
        _arrived.Release();
    }

    /// <summary>Waits until <paramref name="count"/> messages arrived or the bound passes (a hang guard, not a timing assertion).</summary>
    public bool WaitFor(int count, TimeSpan? bound = null)
    {
        var deadline = DateTime.UtcNow + (bound ?? TimeSpan.FromSeconds(10));
        while (_messages.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_arrived.Wait(left))
            {
                return _messages.Count >= count;
            }
        }

        return true;
    }
}
