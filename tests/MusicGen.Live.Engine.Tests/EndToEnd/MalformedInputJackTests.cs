using System.Globalization;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.TestSupport.Jack;
using MusicGen.Live.TestSupport.Processes;

namespace MusicGen.Live.Engine.Tests.EndToEnd;

/// <summary>
/// The real <c>musicgen live</c> on a private JACK server, fed malformed bytes by a JACK client that is not the
/// engine (the bytes that once crashed it among them): it keeps playing, passes only well-formed messages,
/// counts what it rejected in its closing summary and leaves nothing sounding.
/// </summary>
[Trait("Category", "Jack")]
[Collection(EndToEndGroup.Name)]
public sealed class MalformedInputJackTests : IDisposable
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    // Garbage events, each with the bytes the parser rejects (running status carries across events, as on a cable).
    private static readonly (byte[] Bytes, int Rejected)[] s_garbage =
    [
        ([0x90, 0xC8, 0x40], 1),       // status byte as the pitch: the 90 is rejected, C8 40 is a program change
        ([0xF4, 0x3C, 0x40], 3),       // undefined status, then data bytes with no status
        ([0x90, 0x3C], 0),             // a note-on cut short ...
        ([0xF5], 3),                   // ... abandoned (2) by an undefined status (1)
        ([0xFD, 0xF9], 2),             // undefined real-time bytes
        ([0xE0, 0x80, 0x80], 2),       // pitch bend whose data bytes are status bytes (E0, then the first 80)
        ([0xF7], 2),                   // the last 80, abandoned, and a stray end of SysEx
        ([0xF0, 0x01, 0x02], 0),       // a SysEx cut off (ignored, not rejected) by ...
        ([0x90, 0x40, 0x50], 0),       // ... a whole note-on, which plays
        ([0x80, 0x40, 0x00], 0),
    ];

    private readonly JackServer _server = JackServer.Start(period: 1024, prefix: "mgl-garbage");
    private readonly string _dir = Directory.CreateTempSubdirectory("mgl-garbage").FullName;

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Garbage_bytes_are_rejected_and_counted_and_the_engine_plays_on_with_nothing_left_sounding()
    {
        var config = Path.Combine(_dir, "engine.json");
        File.WriteAllText(config, """{ "continuation": { "lengthBars": 1 }, "safety": { "maxNoteSeconds": 30 } }""");
        using var live = ChildProcess.Musicgen(_server, ["live", "--quiet", "--config", config, "--record", Path.Combine(_dir, "garbage.mid")]);
        live.WaitForLine("musicgen live: ready", s_bound);
        using var probe = new JackProbe(_server);
        Thread.Sleep(300); // a connection takes effect at a cycle boundary (setup, not an assertion)

        foreach (var (bytes, _) in s_garbage)
        {
            probe.Player.Send(bytes);
            Thread.Sleep(30); // one event per JACK cycle or so: the order on the wire is the order sent
        }

        byte[] pitches = [60, 62, 64, 65];
        foreach (var pitch in pitches)
        {
            probe.Send(0x90, pitch, 80);
            Thread.Sleep(150);
            probe.Send(0x80, pitch, 0);
            Thread.Sleep(50);
        }

        probe.Send(0x90, 67, 80); // held through SIGTERM
        var deadline = DateTime.UtcNow + s_bound;
        while (!probe.Received.Any(m => m.Status == 0x90 && m.Data1 == 67 && m.Data2 > 0) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        live.Signal(NativeSignal.SigTerm);
        Assert.Equal(0, live.WaitForExit(s_bound));
        Thread.Sleep(100);

        var received = probe.Received.Select(m => (m.Status, m.Data1, m.Data2)).ToList();
        var dump = $"received: {string.Join(" ", received.Select(m => $"{m.Status:X2}{m.Data1:X2}{m.Data2:X2}"))}; engine: {live.Transcript}";
        Assert.All(received, m => Assert.True(m.Data1 < 0x80 && m.Data2 < 0x80, dump));
        var playerOns = received.Where(m => m.Status == 0x90 && m.Data2 > 0).Select(m => m.Data1).ToList();
        Assert.True(playerOns.SequenceEqual((byte[])[0x40, .. pitches, 67]), "player note-ons; " + dump);
        Assert.Contains((0xC8, 0x40, 0), received.Select(m => ((int)m.Status, (int)m.Data1, (int)m.Data2)));
        Assert.Empty(NotePairing.Stuck(received));

        var summary = live.Lines.Single(l => l.Contains("musicgen live: stopped", StringComparison.Ordinal));
        var rejected = long.Parse(Field(summary, "rejected_bytes="), CultureInfo.InvariantCulture);
        Assert.True(rejected == s_garbage.Sum(g => g.Rejected), $"rejected_bytes={rejected}; " + dump);
    }

    /// <summary>
    /// The issue's closing check: garbage bytes, the sustain pedal held, humanize and continuation mode CCs
    /// while notes are in flight (look-ahead delays them), then SIGTERM. After it nothing sounds and the pedal is
    /// up on every channel that carried anything, checked on what a separate JACK client heard.
    /// </summary>
    [Fact]
    public void Garbage_pedal_and_mode_switches_then_sigterm_end_with_nothing_sounding_and_the_pedal_up()
    {
        var config = Path.Combine(_dir, "engine.json");
        File.WriteAllText(config, """{ "humanize": { "mode": "lookahead", "lookaheadMs": 250 }, "continuation": { "lengthBars": 4, "silenceFloorMs": 300 }, "safety": { "maxNoteSeconds": 30 } }""");
        using var live = ChildProcess.Musicgen(_server, ["live", "--quiet", "--config", config]);
        live.WaitForLine("musicgen live: ready", s_bound);
        using var probe = new JackProbe(_server);
        Thread.Sleep(300); // a connection takes effect at a cycle boundary (setup, not an assertion)

        probe.Send(0xB0, 64, 127); // pedal down, held to the end
        byte[] pitches = [60, 64, 67, 72, 71, 67, 64, 62];
        for (var i = 0; i < pitches.Length; i++)
        {
            probe.Player.Send([0x90, 0xC8, 0x40]); // garbage between the notes
            probe.Send(0x90, pitches[i], 70);
            Thread.Sleep(60);
            probe.Send(0x80, pitches[i], 0);
            probe.Send(0xB0, 21, (byte)(i % 3 * 50)); // humanize off / causal / look-ahead while notes are delayed
            Thread.Sleep(40);
        }

        Thread.Sleep(700); // silence: call-and-response starts an answer on channel 2
        probe.Send(0xB0, 20, 100); // switch to accompaniment mid-answer
        probe.Send(0x90, 48, 80);  // and a note held through SIGTERM
        Thread.Sleep(400);

        live.Signal(NativeSignal.SigTerm);
        Assert.Equal(0, live.WaitForExit(s_bound));
        Thread.Sleep(100);

        var received = probe.Received.Select(m => (m.Status, m.Data1, m.Data2)).ToList();
        var dump = $"received: {string.Join(" ", received.Select(m => $"{m.Status:X2}{m.Data1:X2}{m.Data2:X2}"))}; engine: {live.Transcript}";
        Assert.Empty(NotePairing.Stuck(received));
        Assert.Contains(received, m => m.Status == 0xB0 && m.Data1 == 64 && m.Data2 >= 64); // the pedal went out
        var channels = received.Where(m => m.Status is >= 0x80 and < 0xF0).Select(m => m.Status & 0x0F).Distinct();
        foreach (var channel in channels)
        {
            var lastPedal = received.LastOrDefault(m => m.Status == (0xB0 | channel) && m.Data1 == 64);
            Assert.True(lastPedal == default || lastPedal.Data2 < 64, $"pedal left down on channel {channel + 1}; " + dump);
        }

        var summary = live.Lines.Single(l => l.Contains("musicgen live: stopped", StringComparison.Ordinal));
        Assert.Contains("sounding=0", summary, StringComparison.Ordinal);
        Assert.Contains($"rejected_bytes={pitches.Length}", summary, StringComparison.Ordinal);
    }

    private static string Field(string line, string key)
    {
        var start = line.IndexOf(key, StringComparison.Ordinal) + key.Length;
        var end = line.IndexOf(' ', start);
        return end < 0 ? line[start..] : line[start..end];
    }
}
