using MusicGen.Live.Midi;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Tests.StyleNet;

public sealed class SustainTimelineTests
{
    [Fact]
    public void Pedal_state_follows_the_last_change_across_tracks_and_the_tempo_map()
    {
        // 480 ticks per quarter at the default 120 bpm: 960 ticks = 1 s. Tempo halves at tick 960 (60 bpm).
        var file = new MidiFile(1, MidiDivision.FromTicksPerQuarterNote(480));
        file.Tracks.Add(new MidiTrack([MidiEvent.Tempo(960, 1_000_000)]));
        file.Tracks.Add(new MidiTrack(
        [
            MidiEvent.ControlChange(480, 0, 64, 127),  // down at 0.5 s
            MidiEvent.ControlChange(960, 0, 64, 63),   // up at 1.0 s (63 is below the threshold)
            MidiEvent.ControlChange(1440, 3, 64, 64),  // down at 2.0 s (60 bpm after 1 s), other channel
            MidiEvent.ControlChange(1440, 0, 7, 0),    // a volume change is not the pedal
        ]));

        var pedal = SustainTimeline.FromFile(file);

        Assert.False(pedal.IsDownAt(0.49));
        Assert.True(pedal.IsDownAt(0.5));
        Assert.True(pedal.IsDownAt(0.99));
        Assert.False(pedal.IsDownAt(1.0));
        Assert.False(pedal.IsDownAt(1.99));
        Assert.True(pedal.IsDownAt(2.0));
        Assert.True(pedal.IsDownAt(100));
    }
}
