using MusicGen.Live.Ports.Tests.Support;
using MusicGen.Live.TestSupport.Jack;
using MusicGen.Live.TestSupport.Processes;

namespace MusicGen.Live.Ports.Tests.Integration;

/// <summary>
/// The real thing, out of process: a python3-rtmidi client (not our code) sends through
/// <c>musicgen thru</c> (the built command, a child process) to another python3-rtmidi client, on a
/// private JACK server. Every message arrives in order and unchanged, SysEx included, for both backends;
/// SIGTERM makes thru send the note-off it still owes.
/// </summary>
[Collection(JackServerGroup.Name)]
[Trait("Category", "Jack")]
public sealed class ThruIntegrationTests(JackServerFixture fixture)
{
    private static int s_run;

    [Theory]
    [InlineData("jack")]
    [InlineData("rtmidi")]
    public void External_clients_see_every_message_unchanged_and_held_notes_released(string backend)
    {
        var server = fixture.Server;
        var n = Interlocked.Increment(ref s_run);
        var name = $"mgthru{n}";
        var sent = TestMessages.Sequence(notes: 30, seed: n);
        sent.Add([0x92, 64, 77]); // still sounding when thru stops
        var expected = sent.Append([0x82, 64, 0x40]).Select(Convert.ToHexStringLower).ToList();

        using var thru = ChildProcess.Musicgen(server, ["thru", "--backend", backend, "--api", "jack", "--name", name]);
        var ready = thru.WaitForLine("ready");
        var thruIn = Field(ready, "in=");
        var thruOut = Field(ready, "out=");

        using var receiver = MidiPeer.Start(server, "receive", "--client", $"pyrecv{n}", "--from", thruOut, "--count", expected.Count.ToString());
        receiver.WaitForLine("ready");
        using var sender = MidiPeer.Start(server, "send", "--client", $"pysend{n}", "--to", thruIn);
        sender.WaitForLine("ready");
        foreach (var message in sent)
        {
            sender.Input.WriteLine(Convert.ToHexStringLower(message));
        }

        sender.Input.Close();
        sender.WaitForExit();
        Thread.Sleep(200); // let the last messages cross before stopping (setup, not an assertion)
        thru.Signal(NativeSignal.SigTerm);
        var summary = thru.WaitForLine("stopped");
        var thruExit = thru.WaitForExit();

        var receiverExit = receiver.WaitForExit();
        var received = receiver.Lines.Where(l => l.Length > 0 && l.All(Uri.IsHexDigit)).ToList();
        Assert.True(receiverExit == 0, $"receiver got {received.Count} of {expected.Count}; thru: {thru.Transcript}");
        Assert.Equal(expected, received);
        Assert.Contains($"passed={sent.Count} ", summary);
        Assert.Contains("released=1 ", summary);
        Assert.Equal(0, thruExit);
    }

    private static string Field(string line, string key)
    {
        var start = line.IndexOf(key, StringComparison.Ordinal) + key.Length;
        var end = line.IndexOf(' ', start);
        return end < 0 ? line[start..] : line[start..end];
    }
}
