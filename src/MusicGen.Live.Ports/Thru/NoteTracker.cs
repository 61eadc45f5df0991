using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.Thru;

/// <summary>
/// Remembers which notes passed through are still sounding (16 channels × 128 keys), so a stop, a signal
/// or a lost input can send the matching note-offs: no stuck notes.
/// </summary>
/// <remarks>
/// Threading: <see cref="Track"/> runs on the real-time thread that passes messages (no allocation, no
/// lock). <see cref="ReleaseAll"/> runs on the control thread only after that flow has stopped (the input
/// stopped or lost), so the two never overlap; <see cref="SoundingCount"/> is informational from anywhere.
/// </remarks>
public sealed class NoteTracker
{
    private readonly bool[] _sounding = new bool[16 * 128]; // (channel, key)
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
            case 0xB0 when message[1] is 120 or 123: // all sound off / all notes off
                for (var key = 0; key < 128; key++)
                {
                    Set(channel, key, false);
                }

                break;
        }
    }

    /// <summary>Sends a note-off (velocity 0x40) for every sounding note, then forgets them. Returns how many.</summary>
    public int ReleaseAll(IMidiOutput output)
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
