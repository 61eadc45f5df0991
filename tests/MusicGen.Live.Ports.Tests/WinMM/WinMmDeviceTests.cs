using MusicGen.Live.Ports.WinMM;

namespace MusicGen.Live.Ports.Tests.WinMM;

/// <summary>Real WinMM devices (Windows only): the built-in GS synth takes a note and its note-off.</summary>
public sealed class WinMmDeviceTests
{
    [WindowsFact]
    public void The_first_output_device_takes_a_note_and_closing_ends_it()
    {
        var names = WinMmBackend.OutputNames();
        Assert.NotEmpty(names);
        var output = WinMmBackend.OpenOutput("0");
        Assert.True(output.Send([0x90, 60, 1]));
        Assert.Equal(1, output.Sounding);
        output.Dispose();
        Assert.Equal(0, output.Errors);
    }

    [WindowsFact]
    public void Inputs_list_without_error() => Assert.NotNull(WinMmBackend.InputNames());
}
