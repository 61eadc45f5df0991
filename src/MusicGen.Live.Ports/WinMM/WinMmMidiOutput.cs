using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.WinMM;

/// <summary>
/// A WinMM MIDI output device through NAudio. Short messages go out packed (<c>midiOutShortMsg</c>: no
/// allocation); sysex goes through <c>SendBuffer</c>, which needs its own array (NAudio copies nothing less),
/// so a sysex message allocates once. Every sounding note is tracked, and closing the port ends them all: a WinMM
/// synth keeps sounding notes the program never ended.
/// Threading: one sending thread at a time (the engine's output scheduler); <see cref="Send"/> never throws.
/// </summary>
public sealed class WinMmMidiOutput : MidiPortBase, IMidiOutput
{
    private readonly IWinMmOut _device;
    private readonly NoteTracker _notes = new();

    internal WinMmMidiOutput(IWinMmOut device, string name)
        : base(name)
    {
        _device = device;
        SetState(MidiPortState.Running);
    }

    /// <summary>Notes on now (note-on sent, note-off not yet).</summary>
    public int Sounding => _notes.SoundingCount;

    public bool Send(ReadOnlySpan<byte> message) => SendAt(message, MidiClock.Now);

    /// <summary>WinMM has no timed send: the message goes out at once whatever <paramref name="timestamp"/> says.</summary>
    public bool SendAt(ReadOnlySpan<byte> message, long timestamp)
    {
        if (State != MidiPortState.Running || message.IsEmpty)
        {
            CountDropped();
            return false;
        }

        try
        {
            if (WinMmMessages.TryPack(message, out var packed))
            {
                _device.Send(packed);
            }
            else if (message[0] == 0xF0 && message[^1] == 0xF7)
            {
                _device.SendBuffer(message.ToArray());
            }
            else
            {
                CountDropped(); // not a complete MIDI message: never reaches the device
                return false;
            }
        }
        catch (Exception ex) when (ex is NAudio.MmException or InvalidOperationException or DllNotFoundException)
        {
            CountError();
            return false;
        }

        _notes.Track(message);
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        // The port is already closed to senders here: the note-offs go straight to the device.
        _notes.ReleaseAll(new DeviceOutput(_device, Name));
        _device.Dispose();
    }

    // The device as an output for the tracker's closing note-offs (short messages only).
    private sealed class DeviceOutput(IWinMmOut device, string name) : IMidiOutput
    {
        public event EventHandler<MidiPortLostEventArgs>? Lost
        {
            add { }
            remove { }
        }

        public string Name => name;

        public MidiPortState State => MidiPortState.Running;

        public long Dropped => 0;

        public long Errors => 0;

        public bool Send(ReadOnlySpan<byte> message) => SendAt(message, 0);

        public bool SendAt(ReadOnlySpan<byte> message, long timestamp)
        {
            if (!WinMmMessages.TryPack(message, out var packed))
            {
                return false;
            }

            device.Send(packed);
            return true;
        }

        public void Dispose()
        {
        }
    }
}
