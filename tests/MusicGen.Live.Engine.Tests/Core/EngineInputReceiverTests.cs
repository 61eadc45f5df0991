using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Tests.Core;

/// <summary>
/// The engine's input receiver parses every byte a port hands it: only well-formed channel messages and clock
/// reach the engine's ring, whatever arrives; malformed bytes are counted, never passed on.
/// </summary>
public sealed class EngineInputReceiverTests
{
    private readonly SpscRing<EngineEvent> _ring = new(1 << 10);

    [Fact]
    public void A_note_on_with_a_status_byte_for_a_pitch_never_reaches_the_engine()
    {
        var receiver = new EngineInputReceiver(_ring);
        receiver.Receive([0x90, 0xC8, 0x40], 1); // what crashed the engine: C8 is a program change status, 40 its program
        receiver.Receive([0x90, 60, 100], 2);

        var events = Drain();
        Assert.Equal([(0xC8, 0x40, 0), (0x90, 60, 100)], events.Select(e => ((int)e.Status, (int)e.Data1, (int)e.Data2)));
        Assert.All(events, e => Assert.True(e.Data1 < 0x80 && e.Data2 < 0x80));
        Assert.Equal(1, receiver.Rejected); // the 90, abandoned by C8 before any data
    }

    [Fact]
    public void Garbage_before_and_between_messages_is_dropped_and_counted_and_the_stream_resynchronises()
    {
        var receiver = new EngineInputReceiver(_ring);
        receiver.Receive([0x12, 0x34, 0x56], 1);           // data bytes with no status
        receiver.Receive([0x90, 60], 2);                     // unfinished ...
        receiver.Receive([0x80, 60, 0], 3);                  // ... abandoned by a new status
        receiver.Receive([0xF4, 0xF5, 0xF9, 0xFD, 0xF7], 4); // undefined and stray status bytes
        receiver.Receive([0xB0, 64, 127], 5);

        var events = Drain();
        Assert.Equal([(0x80, 60, 0, 3L), (0xB0, 64, 127, 5L)], events.Select(e => ((int)e.Status, (int)e.Data1, (int)e.Data2, e.Time)));
        Assert.Equal(3 + 2 + 5, receiver.Rejected);
    }

    [Fact]
    public void Running_status_within_and_across_deliveries_gives_whole_messages()
    {
        var receiver = new EngineInputReceiver(_ring);
        receiver.Receive([0x90, 60, 100, 64, 90, 67], 1); // running status; the last note's velocity comes next time
        receiver.Receive([80, 60, 0], 2);                  // its velocity, then a note-off by running status (velocity 0)

        var events = Drain();
        Assert.Equal([(0x90, 60, 100, 1L), (0x90, 64, 90, 1L), (0x90, 67, 80, 2L), (0x90, 60, 0, 2L)], events.Select(e => ((int)e.Status, (int)e.Data1, (int)e.Data2, e.Time)));
        Assert.Equal(0, receiver.Rejected);
    }

    [Fact]
    public void Real_time_bytes_inside_a_message_pass_clock_and_leave_the_message_whole()
    {
        var receiver = new EngineInputReceiver(_ring);
        receiver.Receive([0x90, 0xF8, 60, 0xFE, 100, 0xFA], 1); // clock, active sensing and start inside a note-on

        var events = Drain();
        Assert.Equal([(0xF8, 0, 0), (0x90, 60, 100)], events.Select(e => ((int)e.Status, (int)e.Data1, (int)e.Data2)));
        Assert.Equal(2, receiver.Ignored); // active sensing and start: well-formed, of no use to the engine
        Assert.Equal(0, receiver.Rejected);
    }

    [Fact]
    public void SysEx_long_short_or_cut_off_is_ignored_and_what_follows_it_is_read()
    {
        var receiver = new EngineInputReceiver(_ring);
        var longSysEx = new byte[1000];
        longSysEx[0] = 0xF0;
        longSysEx[^1] = 0xF7;
        receiver.Receive(longSysEx, 1);                                 // longer than the receiver's SysEx buffer: counted once
        receiver.Receive([0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7], 2);       // identity request
        receiver.Receive([0xF0, 0x43, 0x10, 0x90, 62, 70], 3);           // cut off by a note-on, which still plays
        receiver.Receive([0xF0, 0x90, 0xF7, 0x90, 64, 0xF7, 0x80, 64, 0], 4);

        var events = Drain();
        Assert.Equal([(0x90, 62, 70), (0x80, 64, 0)], events.Select(e => ((int)e.Status, (int)e.Data1, (int)e.Data2)));
        Assert.Equal(4, receiver.Ignored); // long, identity, cut off, empty (cut by 90)
        Assert.Equal(2 + 3, receiver.Rejected); // the 90 that cut the SysEx and the F7 after it, then 90 64 and a stray F7
    }

    [Fact]
    public void Every_event_that_reaches_the_engine_is_well_formed_whatever_the_bytes()
    {
        var receiver = new EngineInputReceiver(_ring);
        var random = new Random(16);
        var buffer = new byte[64];
        long delivered = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(1, buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            receiver.Receive(buffer.AsSpan(0, length), i);
            delivered += length;
            while (_ring.TryRead(out var e))
            {
                Assert.True(e.Status is (>= 0x80 and < 0xF0) or 0xF8, $"status {e.Status:X2}");
                Assert.True(e.Data1 < 0x80 && e.Data2 < 0x80, $"{e.Status:X2} {e.Data1:X2} {e.Data2:X2}");
                Assert.True(e.Status >= 0xC0 && e.Status < 0xE0 ? e.Data2 == 0 : true);
            }
        }

        Assert.True(receiver.Rejected > 0 && receiver.Rejected < delivered);
    }

    [Fact]
    public void Receive_allocates_nothing_on_any_input()
    {
        var receiver = new EngineInputReceiver(_ring);
        var random = new Random(7);
        var streams = new byte[64][];
        for (var i = 0; i < streams.Length; i++)
        {
            streams[i] = new byte[random.Next(1, 300)];
            random.NextBytes(streams[i]);
        }

        streams[0] = [0xF0, .. new byte[700], 0xF7, 0x90, 0xF8, 60, 100, 62, 0xC8, 0x40];
        long Round()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var r = 0; r < 50; r++)
            {
                foreach (var s in streams)
                {
                    receiver.Receive(s, r);
                    while (_ring.TryRead(out _))
                    {
                    }
                }
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Round();
        Thread.Sleep(300); // tiered JIT's call-counting delay
        Round();
        long[] windows = [Round(), Round(), Round()];
        Assert.True(windows.Min() == 0, $"bytes allocated per window: {string.Join(", ", windows)}");
    }

    private List<EngineEvent> Drain()
    {
        var events = new List<EngineEvent>();
        while (_ring.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }
}
