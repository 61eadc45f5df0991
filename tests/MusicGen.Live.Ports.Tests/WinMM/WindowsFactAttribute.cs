namespace MusicGen.Live.Ports.Tests.WinMM;

/// <summary>A test that needs real WinMM devices: skipped, with the reason shown, anywhere but Windows.</summary>
public sealed class WindowsFactAttribute : FactAttribute
{
    public WindowsFactAttribute()
    {
        if (!OperatingSystem.IsWindows())
        {
            Skip = "needs Windows: winmm.dll and its MIDI devices (the Microsoft GS Wavetable Synth output is on every Windows)";
        }
    }
}
