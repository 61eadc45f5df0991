using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.Thru;

/// <summary>
/// A running MIDI thru: opens the input and output <see cref="PortPairOptions"/> describe, passes every
/// message (<see cref="MidiThru"/>), reports lost ports and, on loss or stop, sends note-offs for the
/// notes it passed that still sound, on the output if it still stands.
/// </summary>
/// <remarks>
/// Threading: open and dispose on the control thread. Messages flow on the input's real-time thread.
/// <see cref="PortLost"/> is raised on the thread pool; the session stays up (the program decides to quit).
/// </remarks>
public sealed class ThruSession : IDisposable
{
    private readonly PortPair _ports;
    private readonly IMidiInput _input;
    private readonly IMidiOutput _output;
    private readonly MidiThru _thru;
    private readonly Lock _stopLock = new(); // Stop runs from a loss event and from Dispose; never on a real-time thread
    private int _released;
    private int _disposed;

    private ThruSession(PortPair ports)
    {
        _ports = ports;
        _input = ports.Input;
        _output = ports.Output;
        _thru = new MidiThru(_input, _output);
        _input.Lost += OnLost;
        _output.Lost += OnLost;
    }

    /// <summary>A port went away; the payload says which and why. Note-offs were already sent if they could be.</summary>
    public event EventHandler<MidiPortLostEventArgs>? PortLost;

    public string InputName => _input.Name;

    public string OutputName => _output.Name;

    /// <summary>e.g. "jack" or "rtmidi/jack".</summary>
    public string Description => _ports.Description;

    public long Passed => _thru.Passed;

    public long Dropped => _input.Dropped + _output.Dropped;

    /// <summary>Input bytes rejected as malformed (or SysEx cut off or too long); they never reached the output.</summary>
    public long Rejected => _thru.Rejected;

    public long Errors => _input.Errors + _output.Errors;

    /// <summary>Note-offs sent for notes left sounding (on stop or loss).</summary>
    public int Released => Volatile.Read(ref _released);

    /// <summary>JACK cycles that overran (native JACK backend only).</summary>
    public long Xruns => _ports.Client?.Xruns ?? 0;

    public static ThruSession Start(PortPairOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ports = PortPair.Open(options with { OutputClientName = options.OutputClientName ?? options.ClientName + "-out", ApiOption = options.ApiOption ?? "--api" });
        try
        {
            var session = new ThruSession(ports);
            session._thru.Run();
            return session;
        }
        catch
        {
            ports.Dispose();
            throw;
        }
    }

    /// <summary>Stops passing messages and sends the note-offs still owed. Idempotent.</summary>
    public void Stop()
    {
        lock (_stopLock)
        {
            if (_input.State is MidiPortState.Running or MidiPortState.Lost)
            {
                Interlocked.Add(ref _released, _thru.StopAndRelease());
                _ports.Drain(); // the note-offs must leave before the client closes
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Stop();
        _ports.Dispose();
    }

    private void OnLost(object? sender, MidiPortLostEventArgs e)
    {
        if (ReferenceEquals(sender, _input) && _output.State == MidiPortState.Running)
        {
            Stop(); // the input is gone: notes it started will never get their note-offs from the player
        }

        PortLost?.Invoke(this, e);
    }
}
