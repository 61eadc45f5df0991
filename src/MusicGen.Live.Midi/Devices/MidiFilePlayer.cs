namespace MusicGen.Live.Midi.Devices;

/// <summary>
/// Plays a MIDI file's channel messages into an output on time: each message is handed over a few ms before
/// its due time with <see cref="IMidiOutput.SendAt"/>, so a sample-clock backend (JACK) places it on its frame.
/// Stopped early, it ends every note it started and lifts every sustain pedal it left down.
/// </summary>
/// <remarks>Threading: <see cref="Play"/> blocks the calling (control) thread; it is the output's only producer.</remarks>
public static class MidiFilePlayer
{
    /// <summary>Plays <paramref name="file"/> from now + 100 ms; returns how many messages were sent.</summary>
    public static int Play(MidiFile file, IMidiOutput output, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(output);
        var map = file.GetTempoMap();
        var events = file.Tracks
            .SelectMany(t => t.Events)
            .Where(e => e.IsChannelMessage)
            .Select(e => (Seconds: map.ToSeconds(e.Tick), Event: e))
            .OrderBy(x => x.Seconds)
            .ToArray();

        var sounding = new NoteTracker();
        var start = MidiClock.Now + MidiClock.FromMilliseconds(100);
        var lead = MidiClock.FromMilliseconds(5);
        var sent = 0;
        Span<byte> bytes = stackalloc byte[3];
        foreach (var (seconds, e) in events)
        {
            var due = start + MidiClock.FromMilliseconds(seconds * 1000);
            while (MidiClock.Now < due - lead && !stop.IsCancellationRequested)
            {
                Thread.Sleep(1);
            }

            if (stop.IsCancellationRequested)
            {
                break;
            }

            bytes[0] = e.Status;
            bytes[1] = e.Data1;
            bytes[2] = e.Data2;
            if (!output.SendAt(bytes[..(e.Command is 0xC0 or 0xD0 ? 2 : 3)], due))
            {
                continue;
            }

            sent++;
            sounding.Track(bytes[..3]);
        }

        sounding.ReleaseAll(output, liftPedals: true);
        return sent;
    }
}
