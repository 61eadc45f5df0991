using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.Ports.Tests.Support;
using MusicGen.Live.TestSupport.Jack;
using Xunit.Abstractions;

namespace MusicGen.Live.Ports.Tests.Jack;

/// <summary>
/// Messages handed to a JACK output ahead of their time and out of time order (as the engine's scheduler hands
/// them: generated notes ahead, a "play now" note in between), read back by another client's input on a real
/// private server: they arrive in time order, equal times in the order handed, each on its own frame.
/// </summary>
[Collection(JackServerGroup.Name)]
[Trait("Category", "Jack")]
public sealed class JackScheduledOutputTests(JackServerFixture fixture, ITestOutputHelper log) : IDisposable
{
    private readonly List<JackMidiClient> _clients = [];

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public void Messages_handed_over_ahead_and_out_of_order_arrive_in_time_order_on_their_frames()
    {
        var sender = Open("mgl-ahead-send");
        var output = sender.AddOutput("out");
        sender.Activate();
        var receiver = Open("mgl-ahead-recv");
        var input = receiver.AddInput("in");
        var received = new RecordingReceiver();
        input.Start(received);
        receiver.Activate();
        sender.Connect(output.Name, input.Name);
        JackPortTests.WaitCycles(receiver, 3);
        Assert.True(output.ScheduleHorizon > 0);

        var ms = MidiClock.Frequency / 1000;
        var t0 = MidiClock.Now + (20 * ms);
        (int At, byte[] Message)[] handed =
        [
            (30, [0x90, 60, 100]), (45, [0x80, 60, 0]), (10, [0x91, 62, 90]), (30, [0x90, 61, 80]),
            (0, [0x92, 64, 70]), (20, [0x81, 62, 0]), (45, [0x80, 61, 0]), (40, [0x82, 64, 0]),
        ];
        var xruns = sender.Xruns + receiver.Xruns;
        foreach (var (at, message) in handed)
        {
            Assert.True(output.SendAt(message, t0 + (at * ms)));
        }

        Assert.True(received.WaitFor(handed.Length), $"received {received.Count} of {handed.Length}");
        var expected = handed.Select((h, i) => (h.At, i, h.Message)).OrderBy(h => h.At).ThenBy(h => h.i).Select(h => Convert.ToHexString(h.Message));
        Assert.Equal(expected, received.Messages.Select(m => Convert.ToHexString(m.Message)));
        Assert.Equal(handed.Length, output.TimingError.Count);
        Assert.Equal(0, output.LateArrivals);

        // On its frame (to one): the receiver's stamps keep the gaps the sender's times had (to a frame; JACK adds a
        // constant shift of zero or one period between two clients). An xrun in between breaks the frame
        // mapping itself, so the exactness is checked only without one (said in the test log).
        if (sender.Xruns + receiver.Xruns == xruns)
        {
            // JACK estimates each cycle's start time afresh (a filtered clock, which a non-realtime dummy server on a
            // busy machine moves by tens of microseconds), so a message due near a cycle boundary can land a frame or
            // two off. The bound is a few frames (under 0.1 ms); the fault it guards against, a wrong cycle, is a period.
            Assert.True(
                output.TimingError.Max <= 4,
                $"exact {output.TimingError.Exact} of {handed.Length}, worst {output.TimingError.Max} frames (period {sender.BufferSize})");
            // The receiver turns its frames back into clock time with its own filtered estimate, so a gap between
            // two stamps carries both ends' jitter: twice the sender's bound. A wrong cycle would be a period off.
            const double gapBound = 8;
            Assert.True(gapBound < sender.BufferSize / 4.0, $"period {sender.BufferSize} too short for the bound");
            var first = received.Messages[0].Timestamp;
            var frame = (double)MidiClock.Frequency / sender.SampleRate;
            var sorted = handed.Select(h => h.At).Order().ToList();
            for (var i = 0; i < sorted.Count; i++)
            {
                var gap = (received.Messages[i].Timestamp - first) / frame;
                var due = sorted[i] * sender.SampleRate / 1000.0;
                Assert.InRange(gap, due - gapBound, due + gapBound);
            }
        }
        else
        {
            log.WriteLine($"xruns during the test ({sender.Xruns + receiver.Xruns - xruns}): frame exactness not checked, order was");
        }
    }

    private JackMidiClient Open(string name)
    {
        var client = JackMidiClient.Open(name, fixture.Server.Name);
        _clients.Add(client);
        return client;
    }
}
