using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Events;

namespace MusicGen.Live.Engine.Tests.Core;

public sealed class EventHeapTests
{
    [Fact]
    public void Pops_in_time_order_with_note_offs_first_then_arrival_order_like_a_stable_sort()
    {
        var random = new Random(5);
        var heap = new EventHeap(512);
        var pushed = new List<(EngineEvent Event, int Order)>();
        for (var i = 0; i < 400; i++)
        {
            var on = random.Next(2) == 0;
            var e = new EngineEvent(random.Next(40), i, EventKind.Player, (byte)(on ? 0x90 : 0x80), (byte)random.Next(128), (byte)(on ? 64 : 0));
            Assert.True(heap.TryPush(e));
            pushed.Add((e, i));
        }

        // Reference: a stable sort by (time, note-off first).
        var expected = pushed.OrderBy(p => p.Event.Time).ThenBy(p => p.Event.IsNoteOff ? 0 : 1).ThenBy(p => p.Order).Select(p => p.Event).ToList();
        var actual = new List<EngineEvent>();
        while (heap.Count > 0)
        {
            actual.Add(heap.Pop());
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void RemoveAll_keeps_the_rest_in_order_and_refuses_when_full()
    {
        var heap = new EventHeap(8);
        for (var i = 0; i < 8; i++)
        {
            Assert.True(heap.TryPush(new EngineEvent(8 - i, 0, i % 2 == 0 ? EventKind.Generated : EventKind.Player, 0x90, (byte)i, 64)));
        }

        Assert.False(heap.TryPush(new EngineEvent(0, 0, EventKind.Player, 0x90, 1, 1)));
        Assert.Equal(4, heap.RemoveAll(static (e, _) => e.Kind == EventKind.Generated, 0));
        var times = new List<long>();
        while (heap.Count > 0)
        {
            var e = heap.Pop();
            Assert.Equal(EventKind.Player, e.Kind);
            times.Add(e.Time);
        }

        Assert.Equal(times.Order(), times);
    }
}
