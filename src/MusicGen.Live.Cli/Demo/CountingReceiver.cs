using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Cli.Demo;

/// <summary>
/// Takes what the engine plays on the loopback demo, where no synthesizer listens (the session file records it):
/// counts the messages. Called on the engine's output thread; no allocation.
/// </summary>
internal sealed class CountingReceiver : IMidiReceiver
{
    private long _messages;

    public long Messages => Interlocked.Read(ref _messages);

    public void Receive(ReadOnlySpan<byte> message, long timestamp) => Interlocked.Increment(ref _messages);
}
