using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Midi.Tests.Devices;

public sealed class NoteTrackerTests
{
    [Fact]
    public void Releases_exactly_the_notes_still_sounding()
    {
        var tracker = new NoteTracker();
        tracker.Track([0x90, 60, 100]);
        tracker.Track([0x91, 64, 90]);
        tracker.Track([0x92, 67, 80]);
        tracker.Track([0x80, 60, 0]);   // note-off
        tracker.Track([0x91, 64, 0]);   // note-on velocity 0 is a note-off
        tracker.Track([0x95, 70, 1]);
        tracker.Track([0xB5, 123, 0]);  // all notes off on channel 6
        Assert.Equal(1, tracker.SoundingCount);

        var output = new ListOutput();
        Assert.Equal(1, tracker.ReleaseAll(output));
        Assert.Equal([0x82, 67, 0x40], output.Messages.Single());
        Assert.Equal(0, tracker.SoundingCount);
        Assert.Equal(0, tracker.ReleaseAll(output));
    }

    [Fact]
    public void Lifts_the_pedals_left_down_when_asked()
    {
        var tracker = new NoteTracker();
        tracker.Track([0xB0, 64, 127]);
        tracker.Track([0xB3, 64, 100]);
        tracker.Track([0xB3, 64, 0]);
        tracker.Track([0x93, 50, 99]);
        var output = new ListOutput();
        Assert.Equal(1, tracker.ReleaseAll(output));
        Assert.Equal([[0x83, 50, 0x40]], output.Messages);
        output.Messages.Clear();
        tracker.Track([0x93, 50, 99]);
        Assert.Equal(1, tracker.ReleaseAll(output, liftPedals: true));
        Assert.Equal([[0x83, 50, 0x40], [0xB0, 64, 0]], output.Messages);
    }

    // Records what it is sent (the tracker's only dependency); the ports' own tests use real ports.
    private sealed class ListOutput : IMidiOutput
    {
        public List<byte[]> Messages { get; } = [];

        public string Name => "list";

        public MidiPortState State => MidiPortState.Running;

        public long Dropped => 0;

        public long Errors => 0;

        public event EventHandler<MidiPortLostEventArgs>? Lost { add { } remove { } }

        public bool Send(ReadOnlySpan<byte> message)
        {
            Messages.Add(message.ToArray());
            return true;
        }

        public bool SendAt(ReadOnlySpan<byte> message, long timestamp) => Send(message);

        public void Dispose()
        {
        }
    }
}
