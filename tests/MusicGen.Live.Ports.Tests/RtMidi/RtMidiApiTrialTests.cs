using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.RtMidi;
using MusicGen.Live.Ports.Tests.Support;
using MusicGen.Live.TestSupport.Jack;
using MusicGen.Live.TestSupport.Processes;

namespace MusicGen.Live.Ports.Tests.RtMidi;

/// <summary>
/// Opening RtMidi ports with no API named, on real RtMidi and a real private JACK server. This machine has no
/// ALSA sequencer (no <c>/dev/snd/seq</c>): RtMidi's own default (ALSA) fails there, and the trial must go on to
/// JACK; where a sequencer exists, ALSA opens first and the tests say which case they checked.
/// </summary>
[Collection(JackServerGroup.Name)]
[Trait("Category", "Jack")]
public sealed class RtMidiApiTrialTests(JackServerFixture fixture)
{
    private static readonly bool s_alsa = File.Exists("/dev/snd/seq");
    private static int s_run;

    [Fact]
    public void No_api_named_opens_the_first_api_that_works_and_says_which()
    {
        var n = Interlocked.Increment(ref s_run);
        var (input, api) = RtMidiApiTrial.Open(null, "mgl-trial:in", "--api", a => RtMidiBackend.OpenVirtualInput(a, $"mgl-trial{n}", "in"));
        using (input)
        {
            Assert.Equal(s_alsa ? RtMidiApi.LinuxAlsa : RtMidiApi.UnixJack, api);
            if (api == RtMidiApi.UnixJack)
            {
                fixture.Server.WaitForPorts(TimeSpan.FromSeconds(10), input.Name); // a real port on the server, not just no exception
            }
        }
    }

    [Fact]
    public void Alsa_named_without_a_sequencer_gives_the_systems_reason_and_the_option()
    {
        if (s_alsa)
        {
            // With a sequencer the same call must open (the error case cannot happen on this machine).
            var (port, api) = RtMidiApiTrial.Open("alsa", "mgl-alsa:in", "--api", a => RtMidiBackend.OpenVirtualInput(a, "mgl-alsa", "in"));
            port.Dispose();
            Assert.Equal(RtMidiApi.LinuxAlsa, api);
            return;
        }

        var ex = Assert.Throws<MidiPortException>(() => RtMidiApiTrial.Open("alsa", "mgl-alsa:in", "--api", a => RtMidiBackend.OpenVirtualInput(a, "mgl-alsa", "in")));
        Assert.Contains("RtMidi ALSA API", ex.Message);
        Assert.Contains("snd_seq_open", ex.Message);
        Assert.Contains("No such file or directory", ex.Message); // the system's words (snd_strerror), not RtMidi's lost message
        Assert.Contains("--api jack", ex.Message);
        Assert.DoesNotContain("dangling", ex.Message);
    }

    [Fact]
    public void Every_api_failing_names_each_with_its_reason()
    {
        if (s_alsa)
        {
            return; // ALSA would open: No_api_named_opens_the_first_api_that_works_and_says_which checks that case
        }

        try
        {
            NativeEnvironment.Set("JACK_DEFAULT_SERVER", "mgl-trial-not-running");
            var ex = Assert.Throws<MidiPortException>(() => RtMidiApiTrial.Open(null, "mgl-none:in", "--api", a => RtMidiBackend.OpenVirtualInput(a, "mgl-none", "in")));
            Assert.Contains($"tried {string.Join(", ", RtMidiBackend.CompiledApis().Select(RtMidiBackend.ApiName))}", ex.Message);
            Assert.Contains("RtMidi ALSA API: snd_seq_open", ex.Message);
            Assert.Contains("RtMidi JACK API: jack_client_open failed", ex.Message);
            Assert.Contains("mgl-trial-not-running", ex.Message);
            Assert.Contains("--api NAME", ex.Message);
        }
        finally
        {
            JackServerFixture.MakeDefault(fixture.Server);
        }
    }

    [Fact]
    public void Thru_without_api_opens_and_names_the_api_in_its_ready_line()
    {
        var n = Interlocked.Increment(ref s_run);
        using var thru = ChildProcess.Musicgen(fixture.Server, ["thru", "--backend", "rtmidi", "--name", $"mgtrial{n}"]);
        var ready = thru.WaitForLine("ready");
        Assert.Contains(s_alsa ? "rtmidi/alsa" : "rtmidi/jack", ready);
        Assert.DoesNotContain("rtmidi_in_create failed", thru.Transcript);
        thru.Signal(NativeSignal.SigTerm);
        thru.WaitForLine("stopped");
        Assert.Equal(0, thru.WaitForExit());
    }
}
