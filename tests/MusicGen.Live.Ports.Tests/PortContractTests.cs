using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Tests.Support;

namespace MusicGen.Live.Ports.Tests;

/// <summary>
/// What every port backend promises, run once per backend (one derived class each): an output connected
/// to an input delivers every message, in order, unchanged (SysEx included); stop means stop; dispose is
/// idempotent; a receiver that throws is counted, not propagated.
/// </summary>
public abstract class PortContractTests : IDisposable
{
    private readonly List<IMidiPort> _ports = [];

    /// <summary>An output and an input, already connected so that what the output sends the input receives.</summary>
    protected abstract (IMidiInput Input, IMidiOutput Output) OpenConnectedPair();

    public virtual void Dispose()
    {
        foreach (var port in _ports)
        {
            port.Dispose();
        }
    }

    [Fact]
    public void Every_message_arrives_in_order_unchanged_sysex_included()
    {
        var (input, output) = Open();
        var receiver = new RecordingReceiver();
        input.Start(receiver);
        var sent = TestMessages.Sequence();
        foreach (var message in sent)
        {
            Assert.True(output.Send(message));
            Pace();
        }

        Assert.True(receiver.WaitFor(sent.Count), $"{receiver.Count} of {sent.Count} arrived; {Diagnose(input, output)}");
        Assert.Equal(sent, receiver.Messages.Select(m => m.Message));
        Assert.Equal(MidiPortState.Running, input.State);
    }

    [Fact]
    public void Timestamps_never_go_backwards()
    {
        var (input, output) = Open();
        var receiver = new RecordingReceiver();
        input.Start(receiver);
        var before = MidiClock.Now;
        for (var i = 0; i < 20; i++)
        {
            output.Send([0x90, (byte)(40 + i), 100]);
            Pace();
        }

        Assert.True(receiver.WaitFor(20), Diagnose(input, output));
        var stamps = receiver.Messages.Select(m => m.Timestamp).ToList();
        Assert.All(stamps, t => Assert.True(t >= before - MidiClock.FromMilliseconds(50), $"timestamp {t} before the sends at {before}"));
        Assert.Equal(stamps.Order(), stamps);
    }

    [Fact]
    public void Stopped_input_delivers_nothing()
    {
        var (input, output) = Open();
        var receiver = new RecordingReceiver();
        input.Start(receiver);
        output.Send([0x90, 60, 100]);
        Assert.True(receiver.WaitFor(1), Diagnose(input, output));
        input.Stop();
        output.Send([0x80, 60, 0]);
        Settle();
        Assert.Equal(1, receiver.Count);
    }

    [Fact]
    public void Starting_twice_is_refused()
    {
        var (input, _) = Open();
        input.Start(new RecordingReceiver());
        var ex = Assert.Throws<InvalidOperationException>(() => input.Start(new RecordingReceiver()));
        Assert.Contains(input.Name, ex.Message);
    }

    [Fact]
    public void Throwing_receiver_is_counted_and_the_port_keeps_going()
    {
        var (input, output) = Open();
        var receiver = new ThrowingOnceReceiver();
        input.Start(receiver);
        output.Send([0x90, 60, 100]);
        output.Send([0x80, 60, 0]);
        Assert.True(receiver.Inner.WaitFor(1), Diagnose(input, output));
        Assert.Equal(1, input.Errors);
        Assert.Equal([0x80, 60, 0], receiver.Inner.Messages[0].Message);
    }

    [Fact]
    public void Dispose_twice_is_harmless_and_closes()
    {
        var (input, output) = Open();
        input.Start(new RecordingReceiver());
        input.Dispose();
        input.Dispose();
        output.Dispose();
        Assert.Equal(MidiPortState.Closed, input.State);
        Assert.Equal(MidiPortState.Closed, output.State);
    }

    /// <summary>Gives an asynchronous backend a moment between sends (real ports are fed at human or sequencer rates).</summary>
    protected virtual void Pace()
    {
    }

    /// <summary>Lets in-flight messages land before asserting that none arrived.</summary>
    protected virtual void Settle()
    {
    }

    /// <summary>Backend state for a failure message (cycle counters, server log).</summary>
    protected virtual string BackendDiagnostics() => string.Empty;

    private string Diagnose(IMidiInput input, IMidiOutput output) =>
        $"nothing arrived: {input.Name} {input.State} dropped={input.Dropped} errors={input.Errors}; {output.Name} {output.State} dropped={output.Dropped}; {BackendDiagnostics()}";

    private (IMidiInput Input, IMidiOutput Output) Open()
    {
        var pair = OpenConnectedPair();
        _ports.Add(pair.Input);
        _ports.Add(pair.Output);
        return pair;
    }

    private sealed class ThrowingOnceReceiver : IMidiReceiver
    {
        private int _calls;

        public RecordingReceiver Inner { get; } = new();

        public void Receive(ReadOnlySpan<byte> message, long timestamp)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                throw new InvalidOperationException("receiver bug");
            }

            Inner.Receive(message, timestamp);
        }
    }
}
