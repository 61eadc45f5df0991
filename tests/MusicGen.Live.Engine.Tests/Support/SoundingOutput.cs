using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>
/// An output that keeps what a synthesizer on the other end would be doing: which notes sound (from when), which
/// channels hold the sustain pedal down, and where it was last refused a note-off. It can be told to refuse
/// sends at random (a port whose queue is full), and then keeps no trace of the refused message but the refusal.
/// </summary>
/// <remarks>Test thread only (the engine's scheduler steps on it there).</remarks>
public sealed class SoundingOutput(int seed) : IMidiOutput
{
    public const int KeyCount = 16 * 128;

    private readonly Random _random = new(seed);
    private readonly bool[] _sounding = new bool[KeyCount];
    private readonly long[] _onset = new long[KeyCount];
    private readonly long[] _refusedOff = new long[KeyCount]; // last refused note-off per key, or long.MinValue
    private readonly bool[] _pedalDown = new bool[16];
    private readonly List<int> _keys = []; // sounding keys, dense

    /// <summary>Percent of sends refused (0 = none).</summary>
    public int FailPercent { get; set; }

    /// <summary>Note-ons received for a key that was already sounding (the engine must end it first).</summary>
    public int DoubleStrikes { get; private set; }

    public int SentCount { get; private set; }

    public int RefusedCount { get; private set; }

    public IReadOnlyList<int> SoundingKeys => _keys;

    public string Name => "sounding:out";

    public MidiPortState State => MidiPortState.Running;

    public long Dropped => RefusedCount;

    public long Errors => 0;

    public event EventHandler<MidiPortLostEventArgs>? Lost
    {
        add { }
        remove { }
    }

    public long OnsetOf(int key) => _onset[key];

    /// <summary>When the output last refused a note-off for <paramref name="key"/> (long.MinValue if never).</summary>
    public long RefusedOffAt(int key) => _refusedOff[key] == 0 ? long.MinValue : _refusedOff[key];

    public bool PedalDown(int channel) => _pedalDown[channel];

    public bool Send(ReadOnlySpan<byte> message) => SendAt(message, MidiClock.Now);

    public bool SendAt(ReadOnlySpan<byte> message, long timestamp)
    {
        var status = message[0];
        var command = status & 0xF0;
        var channel = status & 0x0F;
        var data1 = message.Length > 1 ? message[1] : 0;
        var data2 = message.Length > 2 ? message[2] : 0;
        var key = (channel << 7) | data1;
        var noteOff = command == 0x80 || (command == 0x90 && data2 == 0);
        if (FailPercent > 0 && _random.Next(100) < FailPercent)
        {
            RefusedCount++;
            if (noteOff)
            {
                _refusedOff[key] = timestamp;
            }

            return false;
        }

        SentCount++;
        if (command == 0x90 && data2 > 0)
        {
            if (_sounding[key])
            {
                DoubleStrikes++;
            }
            else
            {
                _sounding[key] = true;
                _keys.Add(key);
            }

            _onset[key] = timestamp;
        }
        else if (noteOff)
        {
            End(key);
        }
        else if (command == 0xB0 && data1 == 64)
        {
            _pedalDown[channel] = data2 >= 64;
        }
        else if (command == 0xB0 && data1 is 120 or 123)
        {
            for (var i = _keys.Count - 1; i >= 0; i--)
            {
                if (_keys[i] >> 7 == channel)
                {
                    End(_keys[i]);
                }
            }
        }

        return true;
    }

    public void Dispose()
    {
    }

    private void End(int key)
    {
        if (_sounding[key])
        {
            _sounding[key] = false;
            _keys.Remove(key);
        }
    }
}
