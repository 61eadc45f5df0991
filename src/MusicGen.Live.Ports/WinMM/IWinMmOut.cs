namespace MusicGen.Live.Ports.WinMM;

/// <summary>The two calls a WinMM output device takes: a packed short message and a long (sysex) buffer.</summary>
internal interface IWinMmOut : IDisposable
{
    void Send(int packed);

    void SendBuffer(byte[] message);
}
