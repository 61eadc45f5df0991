using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Midi;
using MusicGen.Live.Models;
using MusicGen.Live.Models.StyleNet;
using Lookahead = MusicGen.Live.Models.StyleNet.Lookahead;
using MusicGen.Live.Ports;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.TestSupport;
using MusicGen.Live.TestSupport.Jack;
using MusicGen.Live.TestSupport.Processes;

namespace MusicGen.Live.Engine.Tests.EndToEnd;

/// <summary>
/// The real <c>musicgen live</c> process on a private JACK dummy server, driven and recorded by clients that
/// are not the engine (<c>musicgen play</c> and a JACK client in the test process). Assertions are about
/// order and content, never about how fast the machine is.
/// </summary>
[Trait("Category", "Jack")]
[Collection(EndToEndGroup.Name)]
public sealed class LiveEngineJackTests : IDisposable
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    // Long cycles (21 ms): a starved no-realtime client on a shared CPU otherwise loses whole cycles of MIDI.
    private readonly JackServer _server = JackServer.Start(period: 1024, prefix: "mgl-engine");
    private readonly string _dir = Directory.CreateTempSubdirectory("mgl-live").FullName;

    public void Dispose()
    {
        StopServer(); // gracefully: a SIGKILLed jackd keeps its slot in JACK's registry of 8 servers
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("note")]
    [InlineData("large")]
    public void Answers_after_the_pause_with_stage_velocities_stops_when_the_player_resumes_and_leaves_no_stuck_note(string velocityModel)
    {
        var session = Path.Combine(_dir, "session.mid");
        using var live = StartLive("--record", session, "--velocity-model", velocityModel);
        using var probe = new JackProbe(_server);
        var (code, output) = _server.Run("dotnet", s_bound, ChildProcess.MusicgenDll, "play", RepoPaths.InRepo("configs", "demo", "phrase.mid"), "--out", "musicgen:in");
        Assert.True(code == 0, output);
        Thread.Sleep(3500); // the second answer starts about 0.5 s after the phrase and lasts one bar (1.7 s)
        live.Signal(NativeSignal.SigTerm);
        Assert.Equal(0, live.WaitForExit(s_bound));

        var received = probe.Received.ToList();
        var player = received.Where(m => (m.Status & 0x0F) == 0).ToList();
        var playerOns = player.Where(m => IsOn(m.Status, m.Data2)).ToList();
        var dump = $"received: {string.Join(" ", received.Select(m => $"{m.Status:X2}{m.Data1:X2}{m.Data2:X2}"))}; engine: {live.Transcript}";
        Assert.True(playerOns.Count == 15, $"player note-ons: {playerOns.Count}; {dump}");

        // Velocities come from the velocity stage the engine loaded (input is a flat 80): replay the recorded input
        // (onsets and releases, in order) through the same stage and compare.
        var input = MidiFile.Read(session).Tracks[0].Events.Where(e => e.IsNoteOn || e.IsNoteOff).ToList();
        Assert.All(input.Where(e => e.IsNoteOn), e => Assert.Equal(80, e.Data2));
        // What the command line's stage factory builds for this model from the catalog, with the config's defaults.
        var humanize = new HumanizeOptions { Model = EngineConfigLoader.ParseVelocityModel(velocityModel, "test", "model") };
        var card = ModelCatalog.CardPath(RepoPaths.InRepo("models"), ModelCatalog.Find(velocityModel));
        var stage = new StyleNetVelocityStage(NoteStyleNet.Load(card), StyleNetStyle.Classical, humanize.InputDynamics, (float)humanize.EffectiveExpression);
        stage.Reset();
        stage.Lookahead = Lookahead.Causal;
        var expected = new List<int>();
        foreach (var e in input)
        {
            if (e.IsNoteOn)
            {
                stage.Push(new NoteOnset(e.Tick / 960.0, (byte)e.Channel, e.Data1, e.Data2, false));
                Assert.True(stage.TryTake(e.Tick / 960.0, force: false, out var velocity));
                expected.Add(velocity);
            }
            else
            {
                stage.NoteOff(e.Data1, e.Tick / 960.0);
            }
        }

        // The model sees times rounded to the file's 1/960 s, so allow it one step.
        const int tolerance = 1;
        var actualVelocities = playerOns.Select(m => (int)m.Data2).ToList();
        Assert.True(
            expected.Zip(actualVelocities).All(p => Math.Abs(p.First - p.Second) <= tolerance),
            $"{stage.Name}: expected {string.Join(",", expected)} got {string.Join(",", actualVelocities)}");
        Assert.True(expected.Distinct().Count() > 3);

        // The answer starts in the pause, after the first phrase's last note ...
        var lastOfPhrase1 = playerOns[7];
        var resume = playerOns[8];
        var answerOns = received.Where(m => (m.Status & 0x0F) == 1 && IsOn(m.Status, m.Data2)).ToList();
        Assert.True(answerOns.Any(m => m.Time > lastOfPhrase1.Time && m.Time < resume.Time), "no answer in the pause; " + dump);

        // ... and stops when the player resumes: its notes end before the resumed note does, and no answer
        // note starts again until the second phrase is over.
        var resumeIndex = received.IndexOf(resume);
        var resumeOffIndex = received.FindIndex(resumeIndex, m => (m.Status & 0x0F) == 0 && !IsOn(m.Status, m.Data2) && m.Data1 == resume.Data1);
        Assert.Empty(NotePairing.Stuck(received.Take(resumeOffIndex).Where(m => (m.Status & 0x0F) == 1).Select(m => (m.Status, m.Data1, m.Data2))));
        Assert.DoesNotContain(answerOns, m => m.Time > resume.Time && m.Time <= playerOns[^1].Time);

        // A second answer follows the second phrase, and at the end nothing is left sounding.
        Assert.True(answerOns.Any(m => m.Time > playerOns[^1].Time), "no second answer; " + dump);
        Assert.Empty(NotePairing.Stuck(received.Select(m => (m.Status, m.Data1, m.Data2))));
    }

    [Fact]
    public void Sigterm_while_notes_sound_ends_every_one_of_them()
    {
        using var live = StartLive("--record", Path.Combine(_dir, "term.mid"));
        using var probe = new JackProbe(_server);
        PlayHeldPhraseAndTrigger(probe);
        live.Signal(NativeSignal.SigTerm);
        Assert.Equal(0, live.WaitForExit(s_bound));
        Thread.Sleep(100);

        var received = probe.Received.Select(m => (m.Status, m.Data1, m.Data2)).ToList();
        Assert.Contains(received, m => (m.Status & 0xF0) == 0x80 && m.Data1 == 67 && (m.Status & 0x0F) == 0); // the held key, ended by the engine
        Assert.Empty(NotePairing.Stuck(received));
        Assert.Contains("stopped by SIGTERM", live.Transcript);
    }

    [Fact]
    public void Server_stopped_mid_note_ends_the_session_with_the_reason_and_a_readable_recording()
    {
        var session = Path.Combine(_dir, "crash.mid");
        using var live = StartLive("--record", session);
        using (var probe = new JackProbe(_server))
        {
            PlayHeldPhraseAndTrigger(probe);
            StopServer();
        }

        Assert.Equal(1, live.WaitForExit(s_bound));
        Assert.Contains("port lost", live.Transcript);
        Assert.Contains("JACK server shut down", live.Transcript);
        var file = MidiFile.Read(session);
        Assert.True(file.Tracks[0].Events.Count(e => e.IsNoteOn) >= 5);
    }

    [Fact]
    public void Kill_9_leaves_a_valid_recording_of_everything_older_than_the_last_flush()
    {
        var session = Path.Combine(_dir, "killed.mid");
        using var live = StartLive("--record", session);
        using var probe = new JackProbe(_server);
        for (var i = 0; i < 12; i++)
        {
            probe.Send(0x90, (byte)(60 + i), 80);
            Thread.Sleep(60);
            probe.Send(0x80, (byte)(60 + i), 0);
            Thread.Sleep(60);
        }

        // Every note the engine took in has come back out (its humanized copy) and a flush (each second) has passed since.
        WaitUntil(() => probe.Received.Any(m => IsOn(m.Status, m.Data2)), TimeSpan.FromSeconds(30));
        Thread.Sleep(2500);
        var heard = probe.Received.Where(m => IsOn(m.Status, m.Data2) && (m.Status & 0x0F) == 0).Select(m => (int)m.Data1).ToList();
        live.Signal(NativeSignal.SigKill);
        live.WaitForExit(s_bound);

        var file = MidiFile.Read(session); // strict reader: a torn file would throw
        Assert.Equal(2, file.Tracks.Count);
        Assert.Equal(heard, file.Tracks[0].Events.Where(e => e.IsNoteOn).Select(e => (int)e.Data1));
        Assert.Equal(heard, file.Tracks[1].Events.Where(e => e.IsNoteOn && e.Channel == 0).Select(e => (int)e.Data1));
        Assert.True(heard.Count >= 6, $"only {heard.Count} of 12 notes made it through JACK");
    }

    [Fact]
    public void Lookahead_delay_is_printed_and_reported_as_jack_port_latency_until_a_control_switches_it_off()
    {
        using var live = StartLive("--humanize", "lookahead", "--continue", "off", "--record", Path.Combine(_dir, "lookahead.mid"));
        var frames = PortPair.Frames(120, _server.SampleRate); // humanize.lookaheadMs default; the test config leaves it alone
        Assert.Contains($"humanize=lookahead delay_ms=120 delay_frames={frames} port_latency=jack", live.Transcript);

        // Read back by JACK's own jack_lsp: what leaves musicgen:out was captured 'frames' earlier, and what
        // enters musicgen:in plays 'frames' later.
        Assert.Equal((uint)frames, _server.WaitForPortLatency("musicgen:out", l => l.CaptureMax == frames, s_bound)?.CaptureMax);
        Assert.Equal((uint)frames, _server.WaitForPortLatency("musicgen:in", l => l.PlaybackMax == frames, s_bound)?.PlaybackMax);

        // The humanize-mode control (CC 21, middle third = causal) removes the delay, and JACK hears of it. The
        // player only sends (a JackProbe would also listen, closing a loop through which JACK's latencies feed back).
        using var player = JackMidiClient.Open("player", _server.Name);
        var port = player.AddOutput("out");
        player.Activate();
        player.Connect(port.Name, "musicgen:in");
        Thread.Sleep(300); // a connection takes effect at a cycle boundary (setup, not an assertion)
        port.Send([0xB0, 21, 64]);
        Assert.Equal(new JackPortLatency(0, 0, 0, 0), _server.WaitForPortLatency("musicgen:out", l => l.CaptureMax == 0, s_bound));
        live.Signal(NativeSignal.SigTerm);
        Assert.Equal(0, live.WaitForExit(s_bound));
    }

    [Fact]
    public void Causal_mode_adds_no_delay_and_reports_no_latency()
    {
        using var live = StartLive("--humanize", "causal", "--continue", "off", "--record", Path.Combine(_dir, "causal.mid"));
        Assert.Contains("humanize=causal delay_ms=0 delay_frames=0 port_latency=jack", live.Transcript);
        _server.WaitForPorts(s_bound, "musicgen:out");
        Assert.Equal(new JackPortLatency(0, 0, 0, 0), _server.PortLatency("musicgen:out"));
        live.Signal(NativeSignal.SigTerm);
        Assert.Equal(0, live.WaitForExit(s_bound));
    }

    private void StopServer()
    {
        if (_server.HasExited)
        {
            return;
        }

        using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _server.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_server.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
    }

    private static bool IsOn(byte status, byte data2) => (status & 0xF0) == 0x90 && data2 > 0;

    /// <summary>Plays four notes, holds a fifth, pulls the trigger controller and waits until the answer sounds.</summary>
    private static void PlayHeldPhraseAndTrigger(JackProbe probe)
    {
        foreach (var pitch in new byte[] { 60, 62, 64, 65 })
        {
            probe.Send(0x90, pitch, 80);
            Thread.Sleep(150);
            probe.Send(0x80, pitch, 0);
            Thread.Sleep(50);
        }

        probe.Send(0x90, 67, 80); // held through the end
        probe.Send(0xB0, 80, 127); // trigger: answer now
        WaitUntil(() => probe.Received.Any(m => (m.Status & 0x0F) == 1 && IsOn(m.Status, m.Data2)), TimeSpan.FromSeconds(30));
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(Math.Max(30, bound.TotalSeconds));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not reached");
            }

            Thread.Sleep(20);
        }
    }

    private ChildProcess StartLive(params string[] extra)
    {
        var config = Path.Combine(_dir, "engine.json");
        File.WriteAllText(config, """{ "continuation": { "lengthBars": 1 }, "safety": { "maxNoteSeconds": 30 } }""");
        var live = ChildProcess.Musicgen(_server, ["live", "--quiet", "--config", config, .. extra]);
        live.WaitForLine("musicgen live: ready", s_bound);
        return live;
    }
}
