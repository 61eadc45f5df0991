using MusicGen.Live.Ports.Loopback;
using MusicGen.Live.Ports.Tests.Support;
using MusicGen.Live.Ports.Thru;

namespace MusicGen.Live.Ports.Tests.Thru;

/// <summary>
/// Thru parses what it passes: well-formed messages leave whole (running status written out, real-time bytes on
/// their own, SysEx framed), garbage and cut-off SysEx never reach the output and are counted.
/// </summary>
public sealed class MidiThruTests : IDisposable
{
    private readonly LoopbackMidiInput _input;
    private readonly LoopbackMidiOutput _player;
    private readonly LoopbackMidiInput _sinkInput;
    private readonly LoopbackMidiOutput _output;
    private readonly RecordingReceiver _received = new();
    private readonly MidiThru _thru;

    public MidiThruTests()
    {
        (_input, _player) = LoopbackMidi.CreatePair("thru-test-in");
        (_sinkInput, _output) = LoopbackMidi.CreatePair("thru-test-out");
        _sinkInput.Start(_received);
        _thru = new MidiThru(_input, _output);
        _thru.Run();
    }

    public void Dispose()
    {
        _thru.StopAndRelease();
        _input.Dispose();
        _player.Dispose();
        _sinkInput.Dispose();
        _output.Dispose();
    }

    [Fact]
    public void Malformed_bytes_are_rejected_and_well_formed_messages_leave_whole()
    {
        _player.Send([0x12]);                               // a data byte with no status
        _player.Send([0x90, 0xC8, 0x40]);                   // a status byte where the pitch should be
        _player.Send([0x90, 60, 0xF8, 100, 62, 90]);        // clock inside a note-on, running status
        _player.Send([0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7]); // identity request
        _player.Send([0xF0, 0x43, 0x10, 0x80, 60, 0]);      // SysEx cut off by a note-off
        _player.Send([0xF4, 0x80, 62]);                     // undefined status, unfinished note-off ...
        _player.Send([0x80, 62, 0]);                        // ... abandoned by a whole one

        Assert.Equal(
            ["c840", "f8", "903c64", "903e5a", "f07e7f0601f7", "803c00", "803e00"],
            _received.Messages.Select(m => Convert.ToHexStringLower(m.Message)));
        Assert.Equal(1 + 1 + 3 + 1 + 2, _thru.Rejected); // 12; 90; F0 43 10; F4; 80 62
        Assert.Equal(7, _thru.Passed);
        Assert.Equal(0, _thru.Notes.SoundingCount);
    }

    [Fact]
    public void A_SysEx_longer_than_the_limit_is_rejected_whole_and_one_at_the_limit_passes()
    {
        var atLimit = new byte[MidiThru.MaxSysExBytes + 2];
        atLimit[0] = 0xF0;
        atLimit[^1] = 0xF7;
        var over = new byte[MidiThru.MaxSysExBytes + 3];
        over[0] = 0xF0;
        over[^1] = 0xF7;
        _player.Send(over);
        _player.Send(atLimit);
        _player.Send([0x90, 60, 1]);

        Assert.Equal([atLimit.Length, 3], _received.Messages.Select(m => m.Message.Length));
        Assert.Equal(atLimit, _received.Messages[0].Message);
        Assert.Equal(MidiThru.MaxSysExBytes + 2, _thru.Rejected); // F0 and its data bytes
    }

    [Fact]
    public void Passing_garbage_allocates_nothing()
    {
        var random = new Random(5);
        var streams = new byte[32][];
        for (var i = 0; i < streams.Length; i++)
        {
            streams[i] = new byte[random.Next(1, 200)];
            random.NextBytes(streams[i]);
        }

        streams[0] = [0xF0, 1, 2, 3, 0xF7, 0x90, 0xF8, 60, 100, 62, 0xC8, 0x40];
        var (input, player) = LoopbackMidi.CreatePair("thru-alloc-in");
        using var output = new Counting();
        var thru = new MidiThru(input, output);
        thru.Run();
        long Round()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var r = 0; r < 50; r++)
            {
                foreach (var s in streams)
                {
                    player.Send(s);
                }
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Round();
        Thread.Sleep(300); // tiered JIT's call-counting delay
        Round();
        long[] windows = [Round(), Round(), Round()];
        thru.StopAndRelease();
        input.Dispose();
        player.Dispose();
        Assert.True(windows.Min() == 0, $"bytes allocated per window: {string.Join(", ", windows)}");
        Assert.True(thru.Passed > 0 && thru.Rejected > 0);
    }

    /// <summary>An output that accepts and forgets (allocation-free), so the probe measures thru alone.</summary>
    private sealed class Counting : Midi.Devices.IMidiOutput
    {
        public string Name => "count:out";

        public Midi.Devices.MidiPortState State => Midi.Devices.MidiPortState.Running;

        public long Dropped => 0;

        public long Errors => 0;

        public event EventHandler<Midi.Devices.MidiPortLostEventArgs>? Lost
        {
            add { }
            remove { }
        }

        public bool Send(ReadOnlySpan<byte> message) => true;

        public bool SendAt(ReadOnlySpan<byte> message, long timestamp) => true;

        public void Dispose()
        {
        }
    }

    [Fact]
    public void Thru_passes_everything_and_releases_held_notes_on_stop()
    {
        var (sourceIn, sourceOut) = LoopbackMidi.CreatePair("source");
        var (sinkIn, sinkOut) = LoopbackMidi.CreatePair("sink");
        var receiver = new RecordingReceiver();
        sinkIn.Start(receiver);
        var thru = new MidiThru(sourceIn, sinkOut);
        thru.Run();
        var sent = TestMessages.Sequence(10);
        sent.Add([0x93, 50, 99]); // left hanging
        foreach (var message in sent)
        {
            sourceOut.Send(message);
        }

        Assert.Equal(sent, receiver.Messages.Select(m => m.Message));
        Assert.Equal(1, thru.StopAndRelease());
        Assert.Equal([0x83, 50, 0x40], receiver.Messages[^1].Message);
        Assert.False(sourceOut.Send([0x90, 1, 1])); // input stopped
    }
}
