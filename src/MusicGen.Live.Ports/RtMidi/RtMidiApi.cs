namespace MusicGen.Live.Ports.RtMidi;

/// <summary>RtMidi's <c>enum RtMidiApi</c>, same values as its C header.</summary>
public enum RtMidiApi
{
    Unspecified = 0,
    MacOSXCore = 1,
    LinuxAlsa = 2,
    UnixJack = 3,
    WindowsMM = 4,
    Dummy = 5,
    WebMidi = 6,
    WindowsUwp = 7,
    Android = 8,
}
