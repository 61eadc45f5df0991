using System.Runtime.Versioning;
using NAudio.Midi;

namespace MusicGen.Live.Ports.WinMM;

/// <summary>Stops and closes an NAudio <see cref="MidiIn"/> (what a <see cref="WinMmMidiInput"/> owns).</summary>
[SupportedOSPlatform("windows")]
internal sealed class MidiInCloser(MidiIn device) : IDisposable
{
    public void Dispose()
    {
        device.Stop();
        device.Dispose();
    }
}
