using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.WinMM;

/// <summary>
/// A WinMM MIDI input device through NAudio. WinMM calls back on its own thread with a packed short message
/// (<see cref="OnShort"/>: unpacked on the stack, timestamped with the engine's monotonic clock, delivered) or a
/// sysex buffer. NAudio creates one event-args object per incoming message before this code sees it; nothing
/// here allocates beyond that, and nothing thrown crosses back into WinMM (counted instead).
/// </summary>
public sealed class WinMmMidiInput : MidiInputBase
{
    // The NAudio device (stopped and closed on dispose), or null for an input fed by the tests.
    private IDisposable? _device;

    internal WinMmMidiInput(string name)
        : base(name)
    {
    }

    /// <summary>Hands the opened device to this input, which closes it on dispose (<see cref="WinMmBackend"/> wires its events).</summary>
    internal void Own(IDisposable device) => _device = device;

    /// <summary>A device error WinMM reported (<c>MIM_ERROR</c>): counted.</summary>
    internal void OnDeviceError() => CountError();

    /// <summary>One <c>MIM_DATA</c> message, called on WinMM's thread (and by the tests).</summary>
    internal void OnShort(int packed)
    {
        try
        {
            Span<byte> message = stackalloc byte[3];
            var n = WinMmMessages.Unpack(packed, message);
            if (n == 0)
            {
                CountError(); // a malformed short message never reaches the engine
                return;
            }

            Deliver(message[..n], MidiClock.Now);
        }
        catch (Exception)
        {
            CountError();
        }
    }

    internal void OnLong(byte[]? sysex)
    {
        try
        {
            if (sysex is { Length: > 0 })
            {
                Deliver(sysex, MidiClock.Now);
            }
        }
        catch (Exception)
        {
            CountError();
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _device?.Dispose();
            _device = null;
        }
    }
}
