using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.Ports.RtMidi;

namespace MusicGen.Live.Ports.Thru;

/// <summary>
/// A running MIDI thru: opens the input and output a <see cref="ThruOptions"/> describes, passes every
/// message (<see cref="MidiThru"/>), reports lost ports and, on loss or stop, sends note-offs for the
/// notes it passed that still sound, on the output if it still stands.
/// </summary>
/// <remarks>
/// Threading: open and dispose on the control thread. Messages flow on the input's real-time thread.
/// <see cref="PortLost"/> is raised on the thread pool; the session stays up (the program decides to quit).
/// </remarks>
public sealed class ThruSession : IDisposable
{
    private readonly IMidiInput _input;
    private readonly IMidiOutput _output;
    private readonly JackMidiClient? _client;
    private readonly MidiThru _thru;
    private readonly Lock _stopLock = new(); // Stop runs from a loss event and from Dispose; never on a real-time thread
    private int _released;
    private int _disposed;

    private ThruSession(IMidiInput input, IMidiOutput output, JackMidiClient? client, string description)
    {
        _input = input;
        _output = output;
        _client = client;
        Description = description;
        _thru = new MidiThru(input, output);
        input.Lost += OnLost;
        output.Lost += OnLost;
    }

    /// <summary>A port went away; the payload says which and why. Note-offs were already sent if they could be.</summary>
    public event EventHandler<MidiPortLostEventArgs>? PortLost;

    public string InputName => _input.Name;

    public string OutputName => _output.Name;

    /// <summary>e.g. "jack" or "rtmidi/jack".</summary>
    public string Description { get; }

    public long Passed => _thru.Passed;

    public long Dropped => _input.Dropped + _output.Dropped;

    /// <summary>Input bytes rejected as malformed (or SysEx cut off or too long); they never reached the output.</summary>
    public long Rejected => _thru.Rejected;

    public long Errors => _input.Errors + _output.Errors;

    /// <summary>Note-offs sent for notes left sounding (on stop or loss).</summary>
    public int Released => Volatile.Read(ref _released);

    /// <summary>JACK cycles that overran (native JACK backend only).</summary>
    public long Xruns => _client?.Xruns ?? 0;

    public static ThruSession Start(ThruOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var session = options.Backend == ThruBackend.Jack ? OpenJack(options) : OpenRtMidi(options);
        session._thru.Run();
        return session;
    }

    /// <summary>Stops passing messages and sends the note-offs still owed. Idempotent.</summary>
    public void Stop()
    {
        lock (_stopLock)
        {
            if (_input.State is MidiPortState.Running or MidiPortState.Lost)
            {
                Interlocked.Add(ref _released, _thru.StopAndRelease());
                (_output as JackMidiOutput)?.Flush(TimeSpan.FromSeconds(1)); // the note-offs must leave before the client closes
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
        _input.Dispose();
        _output.Dispose();
        _client?.Dispose();
    }

    private static ThruSession OpenJack(ThruOptions options)
    {
        var client = JackMidiClient.Open(options.ClientName, options.Server);
        try
        {
            var input = client.AddInput("in");
            var output = client.AddOutput("out");
            client.Activate();
            if (options.Input is { } source)
            {
                var sources = client.ListMidiPorts(sources: true).Where(p => p != output.Name).ToList();
                var peer = sources[PortSelector.Resolve(sources, source, "input")];
                client.Connect(peer, input.Name);
                client.WatchPeer(input, peer);
            }

            if (options.Output is { } destination)
            {
                var destinations = client.ListMidiPorts(sources: false).Where(p => p != input.Name).ToList();
                var peer = destinations[PortSelector.Resolve(destinations, destination, "output")];
                client.Connect(output.Name, peer);
                client.WatchPeer(output, peer);
            }

            return new ThruSession(input, output, client, "jack");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static ThruSession OpenRtMidi(ThruOptions options)
    {
        var (session, api) = RtMidiApiTrial.Open(options.Api, options.Input ?? $"{options.ClientName}:in", "--api", api =>
        {
            RtMidiInput? input = null;
            try
            {
                input = options.Input is { } source
                    ? RtMidiBackend.OpenInput(api, source, options.ClientName)
                    : RtMidiBackend.OpenVirtualInput(api, options.ClientName, "in");
                IMidiOutput output = options.Output is { } destination
                    ? RtMidiBackend.OpenOutput(api, destination, options.ClientName + "-out")
                    : RtMidiBackend.OpenVirtualOutput(api, options.ClientName + "-out", "out");
                return (Input: input, Output: output);
            }
            catch
            {
                input?.Dispose();
                throw;
            }
        });
        return new ThruSession(session.Input, session.Output, null, "rtmidi/" + RtMidiBackend.ApiName(api));
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
