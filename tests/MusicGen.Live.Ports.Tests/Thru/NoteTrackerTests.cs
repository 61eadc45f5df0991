using MusicGen.Live.Ports.Loopback;
using MusicGen.Live.Ports.Tests.Support;
using MusicGen.Live.Ports.Thru;

namespace MusicGen.Live.Ports.Tests.Thru;

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

        var (input, output) = LoopbackMidi.CreatePair("release");
        var receiver = new RecordingReceiver();
        input.Start(receiver);
        Assert.Equal(1, tracker.ReleaseAll(output));
        Assert.Equal([0x82, 67, 0x40], receiver.Messages.Single().Message);
        Assert.Equal(0, tracker.SoundingCount);
        Assert.Equal(0, tracker.ReleaseAll(output));
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
