namespace MusicGen.Live.Ports.RtMidi;

/// <summary>
/// For APIs without a server to watch (ALSA, CoreMIDI, WinMM): re-lists ports every half second on a
/// timer and reports the port lost when the peer it was opened on is no longer listed.
/// </summary>
/// <remarks>Threading: the timer thread lists through its own probe (RtMidi handles are not shared across threads); never a real-time thread.</remarks>
internal sealed class RtMidiPeerWatch : IDisposable
{
    private readonly Timer _timer;
    private readonly Lock _lock = new();
    private bool _disposed;

    public RtMidiPeerWatch(RtMidiApi api, MidiPortBase port, string peer, bool sources)
    {
        _timer = new Timer(
            _ =>
            {
                lock (_lock)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    try
                    {
                        var names = sources ? RtMidiBackend.ListInputs(api) : RtMidiBackend.ListOutputs(api);
                        if (!names.Contains(peer))
                        {
                            port.ReportLost($"'{peer}' disappeared");
                        }
                    }
                    catch (Midi.Devices.MidiPortException ex)
                    {
                        port.ReportLost(ex.Message);
                    }
                }
            },
            null,
            500,
            500);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }
}
