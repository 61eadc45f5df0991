using System.Runtime.Versioning;
using NAudio.Midi;

namespace MusicGen.Live.Ports.WinMM;

/// <summary>NAudio's <see cref="MidiOut"/> as an <see cref="IWinMmOut"/>.</summary>
[SupportedOSPlatform("windows")]
internal sealed class NAudioMidiOut(int device) : IWinMmOut
{
    private readonly MidiOut _out = new(device);

    public void Send(int packed) => _out.Send(packed);

    public void SendBuffer(byte[] message) => _out.SendBuffer(message);

    public void Dispose() => _out.Dispose();
}
