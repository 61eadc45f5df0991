using MusicGen.Live.Ports.WinMM;

namespace MusicGen.Live.Ports.Tests.WinMM;

/// <summary>A WinMM output device that records what it is sent (the real one needs winmm.dll).</summary>
internal sealed class RecordingWinMmOut : IWinMmOut
{
    public List<int> Short { get; } = [];

    public List<byte[]> Long { get; } = [];

    public bool Disposed { get; private set; }

    public void Send(int packed) => Short.Add(packed);

    public void SendBuffer(byte[] message) => Long.Add(message);

    public void Dispose() => Disposed = true;
}
