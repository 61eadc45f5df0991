using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.RtMidi;
using MusicGen.Live.Ports.Tests.Support;
using MusicGen.Live.TestSupport.Jack;

namespace MusicGen.Live.Ports.Tests.RtMidi;

/// <summary>The port contract on the RtMidi backend (JACK API): a virtual output connected to a virtual input on a private server.</summary>
[Collection(JackServerGroup.Name)]
[Trait("Category", "Jack")]
public sealed class RtMidiPortTests(JackServerFixture fixture) : PortContractTests
{
    private static int s_pair;

    protected override (IMidiInput Input, IMidiOutput Output) OpenConnectedPair()
    {
        var n = Interlocked.Increment(ref s_pair);
        var output = RtMidiBackend.OpenVirtualOutput(RtMidiApi.UnixJack, $"mgl-rt-send{n}", "out");
        var input = RtMidiBackend.OpenVirtualInput(RtMidiApi.UnixJack, $"mgl-rt-recv{n}", "in");
        fixture.Server.WaitForPorts(TimeSpan.FromSeconds(10), output.Name, input.Name);
        fixture.Server.Connect(output.Name, input.Name);
        Thread.Sleep(30); // ~10 cycles at 128 frames: a connection takes effect at a cycle boundary (setup, not an assertion)
        return (input, output);
    }

    protected override void Settle() => Thread.Sleep(50);

    [Fact]
    public void Library_has_the_jack_api_and_names_it()
    {
        Assert.Contains(RtMidiApi.UnixJack, RtMidiBackend.CompiledApis());
        Assert.Equal(RtMidiApi.UnixJack, RtMidiBackend.ParseApi("jack"));
        Assert.Equal(RtMidiApi.UnixJack, RtMidiBackend.ParseApi("JACK"));
    }

    [Fact]
    public void Unknown_api_lists_what_the_library_has()
    {
        var ex = Assert.Throws<MidiPortException>(() => RtMidiBackend.ParseApi("nosuchapi"));
        Assert.Contains("nosuchapi", ex.Message);
        Assert.Contains("jack", ex.Message);
    }

    [Fact]
    public void Opens_an_existing_port_by_pattern_and_lists_it()
    {
        using var source = RtMidiBackend.OpenVirtualOutput(RtMidiApi.UnixJack, "mgl-pattern-src", "keys");
        fixture.Server.WaitForPorts(TimeSpan.FromSeconds(10), source.Name);
        Assert.Contains(source.Name, RtMidiBackend.ListInputs(RtMidiApi.UnixJack));
        using var input = RtMidiBackend.OpenInput(RtMidiApi.UnixJack, "*pattern-src:k*", "mgl-pattern-dst");
        Assert.Equal(source.Name, input.Name);
        var receiver = new RecordingReceiver();
        input.Start(receiver);
        source.Send([0x90, 61, 101]);
        Assert.True(receiver.WaitFor(1));
        Assert.Equal([0x90, 61, 101], receiver.Messages[0].Message);
    }

    [Fact]
    public void Missing_port_error_names_it_and_lists_the_others()
    {
        var ex = Assert.Throws<MidiPortException>(() => RtMidiBackend.OpenOutput(RtMidiApi.UnixJack, "no-such-synth", "mgl-missing"));
        Assert.Equal("no-such-synth", ex.PortName);
        Assert.Contains("Available output ports", ex.Message);
    }

    [Fact]
    public void No_server_is_a_clear_error_not_a_crash()
    {
        try
        {
            NativeEnvironment.Set("JACK_DEFAULT_SERVER", "mgl-not-running");
            var ex = Assert.Throws<MidiPortException>(() => RtMidiBackend.OpenVirtualInput(RtMidiApi.UnixJack, "mgl-lonely", "in"));
            Assert.Contains("mgl-not-running", ex.Message);
        }
        finally
        {
            JackServerFixture.MakeDefault(fixture.Server);
        }
    }
}
