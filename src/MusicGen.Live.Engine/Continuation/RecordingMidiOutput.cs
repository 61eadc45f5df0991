using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Continuation;

/// <summary>
/// An output that keeps the note-ons and note-offs of one channel with the simulated time they were sent at:
/// how <see cref="LiveReplay"/> hears the answer after the scheduler (its caps and cancels applied).
/// </summary>
/// <remarks>Threading: the one thread that drives the replay (it sets <see cref="Now"/> before each scheduler step).</remarks>
internal sealed class RecordingMidiOutput(int channel) : IMidiOutput
{
    /// <summary>(time ticks, pitch, velocity; 0 for a note-off) in the order sent.</summary>
    public List<(long Time, int Pitch, int Velocity)> Notes { get; } = [];

    /// <summary>The simulated clock, set by the driver.</summary>
    public long Now { get; set; }

    public string Name => "replay:out";

    public MidiPortState State => MidiPortState.Running;

    public long Dropped => 0;

    public long Errors => 0;

    public event EventHandler<MidiPortLostEventArgs>? Lost
    {
        add { }
        remove { }
    }

    public bool Send(ReadOnlySpan<byte> message) => SendAt(message, Now);

    public bool SendAt(ReadOnlySpan<byte> message, long timestamp)
    {
        if (message.Length >= 3 && (message[0] & 0x0F) == channel)
        {
            var command = message[0] & 0xF0;
            if (command == 0x90 && message[2] > 0)
            {
                Notes.Add((Now, message[1], message[2]));
            }
            else if (command == 0x80 || command == 0x90)
            {
                Notes.Add((Now, message[1], 0));
            }
        }

        return true;
    }

    public void Dispose()
    {
    }
}
