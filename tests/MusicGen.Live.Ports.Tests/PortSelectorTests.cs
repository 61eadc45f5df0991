using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.Tests;

public sealed class PortSelectorTests
{
    private static readonly string[] s_names = ["system:midi_capture_1", "Keystation 49:out", "pyout:out", "pyout:out2"];

    [Theory]
    [InlineData("1", 1)]
    [InlineData("pyout:out", 2)]             // exact beats the fragment that also matches out2
    [InlineData("keystation", 1)]            // case-insensitive fragment
    [InlineData("*capture*", 0)]             // glob
    [InlineData("pyout:out?", 3)]
    public void Resolves_index_exact_fragment_and_glob(string spec, int expected) =>
        Assert.Equal(expected, PortSelector.Resolve(s_names, spec, "input"));

    [Fact]
    public void Ambiguous_fragment_names_the_candidates()
    {
        var ex = Assert.Throws<MidiPortException>(() => PortSelector.Resolve(s_names, "pyout", "input"));
        Assert.Contains("pyout:out, pyout:out2", ex.Message);
    }

    [Fact]
    public void Out_of_range_index_lists_what_exists()
    {
        var ex = Assert.Throws<MidiPortException>(() => PortSelector.Resolve(s_names, "9", "output"));
        Assert.Contains("[3] pyout:out2", ex.Message);
        Assert.Equal("9", ex.PortName);
    }
}
