namespace MusicGen.Live.Midi.Devices;

/// <summary>
/// Remembers which notes sent to an output are still sounding (16 channels × 128 keys) and which channels hold
/// the sustain pedal down, so a stop, a signal or a lost input can send the matching note-offs: no stuck notes.
/// The one tracker of the port layer (thru, the file player, the WinMM output, the benches' output checker); the
/// engine's scheduler keeps its own <c>SoundingNotes</c>, which also owns note-off due times and retries.
/// </summary>
/// <remarks>
/// Threading: <see cref="Track"/> runs on the real-time thread that passes messages (no allocation, no
/// lock). <see cref="ReleaseAll"/> runs on the control thread only after that flow has stopped (the input
/// stopped or lost), so the two never overlap; <see cref="SoundingCount"/> is informational from anywhere.
/// </remarks>
public sealed class NoteTracker
{
    private readonly bool[] _sounding = new bool[16 * 128]; // (channel, key)
    private readonly bool[] _pedal = new bool[16]; // (channel) sustain down
    private int _count;

    public int SoundingCount => Volatile.Read(ref _count);

    /// <summary>Updates the sounding set from one outgoing message.</summary>
    public void Track(ReadOnlySpan<byte> message)
    {
        if (message.Length < 3)
        {
            return;
        }

        var status = message[0];
        var channel = status & 0x0F;
        switch (status & 0xF0)
        {
            case 0x90 when message[2] > 0:
                Set(channel, message[1] & 0x7F, true);
                break;
            case 0x90:
            case 0x80:
                Set(channel, message[1] & 0x7F, false);
                break;
            case 0xB0 when message[1] == 64:
                _pedal[channel] = message[2] >= 64;
                break;
            case 0xB0 when message[1] is 120 or 123: // all sound off / all notes off
                for (var key = 0; key < 128; key++)
                {
                    Set(channel, key, false);
                }

                break;
        }
    }

    /// <summary>
    /// Sends a note-off (velocity 0x40) for every sounding note, then forgets them; with <paramref name="liftPedals"/>
    /// also a pedal-up on each channel that holds the sustain pedal down. Returns how many note-offs.
    /// </summary>
    public int ReleaseAll(IMidiOutput output, bool liftPedals = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> noteOff = stackalloc byte[3];
        var released = 0;
        for (var i = 0; i < _sounding.Length; i++)
        {
            if (!_sounding[i])
            {
                continue;
            }

            noteOff[0] = (byte)(0x80 | (i >> 7));
            noteOff[1] = (byte)(i & 0x7F);
            noteOff[2] = 0x40;
            output.Send(noteOff);
            _sounding[i] = false;
            released++;
        }

        Volatile.Write(ref _count, 0);
        for (var channel = 0; liftPedals && channel < _pedal.Length; channel++)
        {
            if (_pedal[channel])
            {
                noteOff[0] = (byte)(0xB0 | channel);
                noteOff[1] = 64;
                noteOff[2] = 0;
                output.Send(noteOff);
                _pedal[channel] = false;
            }
        }

        return released;
    }

    private void Set(int channel, int key, bool on)
    {
        ref var slot = ref _sounding[(channel << 7) | key];
        if (slot != on)
        {
            slot = on;
            Volatile.Write(ref _count, _count + (on ? 1 : -1));
        }
    }
}
