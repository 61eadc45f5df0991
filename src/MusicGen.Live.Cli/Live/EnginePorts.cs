using System.Globalization;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.Ports.RtMidi;
using MusicGen.Live.Ports.WinMM;

namespace MusicGen.Live.Cli.Live;

/// <summary>
/// The engine's ports. <c>jack</c>: one native JACK client (<c>{name}:in</c>, <c>{name}:out</c>, frame-accurate
/// output) on the default server (<c>JACK_DEFAULT_SERVER</c>) or the one named. <c>rtmidi</c>: JACK's API when it opens, else each other API in turn,
/// virtual ports unless a port to open is given. The engine sees only the Midi interfaces. On JACK the engine's
/// added delay (humanize look-ahead) is reported as the ports' latency so a DAW can compensate; RtMidi's API has
/// no call to set port latency, so there the delay is only printed.
/// </summary>
/// <remarks>Threading: open, set the delay, drain and dispose on the control thread.</remarks>
public sealed class EnginePorts : IDisposable
{
    private readonly JackMidiClient? _client;

    private EnginePorts(string backend, JackMidiClient? client, IMidiInput input, IMidiOutput output)
    {
        Backend = backend;
        _client = client;
        Input = input;
        Output = output;
    }

    public IMidiInput Input { get; }

    public IMidiOutput Output { get; }

    public string Backend { get; }

    /// <summary>The engine's added delay last set with <see cref="SetAddedDelay"/>, ms.</summary>
    public double AddedDelayMs { get; private set; }

    /// <summary>Why JACK did not take the last latency change, if it did not.</summary>
    public string? LatencyError { get; private set; }

    /// <summary>
    /// Sets the engine's added delay: on JACK as port latency (output capture and input playback latency grow by
    /// it; JACK recomputes the graph when it changes), on RtMidi nowhere. Control thread; cheap when unchanged.
    /// </summary>
    public void SetAddedDelay(double ms)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ms);
        AddedDelayMs = ms;
        if (_client is null)
        {
            return;
        }

        try
        {
            _client.AddedLatencyFrames = Frames(ms, _client.SampleRate);
        }
        catch (MidiPortException ex)
        {
            LatencyError = ex.Message; // shown beside the delay: a latency report that fails must not end a performance
        }
    }

    /// <summary>The added delay for the ready line: <c>delay_ms=120 delay_frames=5760 port_latency=jack</c>.</summary>
    public string DelayFields() => _client is { } c
        ? string.Create(CultureInfo.InvariantCulture, $"delay_ms={AddedDelayMs:0.###} delay_frames={c.AddedLatencyFrames} port_latency={(c.ReportsLatency ? "jack" : "refused-by-jack")}")
        : string.Create(CultureInfo.InvariantCulture, $"delay_ms={AddedDelayMs:0.###} delay_frames=n/a port_latency=none (RtMidi cannot set port latency)");

    /// <summary>The added delay for the console: ms, frames and whether JACK knows it.</summary>
    public string DelayText() => _client is { } c
        ? string.Create(CultureInfo.InvariantCulture, $"{AddedDelayMs:0} ms = {c.AddedLatencyFrames} frames at {c.SampleRate} Hz{(LatencyError is { } e ? ", not reported: " + e : c.ReportsLatency ? ", reported as JACK port latency" : ", not reported: JACK refused the latency callback")}")
        : string.Create(CultureInfo.InvariantCulture, $"{AddedDelayMs:0} ms, not reported as port latency (RtMidi cannot set it)");

    /// <summary>Milliseconds to whole frames at <paramref name="sampleRate"/>.</summary>
    public static int Frames(double ms, int sampleRate) => (int)Math.Round(ms * sampleRate / 1000.0);

    /// <summary>Opens the ports; with <paramref name="connectIn"/>/<paramref name="connectOut"/> they are wired to those peers.</summary>
    public static EnginePorts Open(string backend, string clientName, string? connectIn, string? connectOut, string? serverName = null) => backend switch
    {
        "jack" => OpenJack(clientName, connectIn, connectOut, serverName),
        "rtmidi" => OpenRtMidi(clientName, connectIn, connectOut),
        "winmm" => OpenWinMm(clientName, connectIn, connectOut),
        _ => throw new MidiPortException($"{clientName}:in", $"unknown backend '{backend}' (jack, rtmidi or winmm)"),
    };

    /// <summary>Waits a few process cycles so messages queued for the output (the final note-offs) are written.</summary>
    public void Drain()
    {
        if (_client is not null)
        {
            (Output as JackMidiOutput)?.Flush(TimeSpan.FromSeconds(1)); // handed over ahead: wait until their frames came
            JackDrain.WaitCycles(_client);
        }
    }

    public void Dispose()
    {
        if (_client is not null)
        {
            _client.Dispose();
            return;
        }

        Input.Dispose();
        Output.Dispose();
    }

    private static EnginePorts OpenJack(string clientName, string? connectIn, string? connectOut, string? serverName)
    {
        var client = JackMidiClient.Open(clientName, serverName);
        try
        {
            var input = client.AddInput("in");
            var output = client.AddOutput("out");
            client.Activate();
            if (connectIn is not null)
            {
                client.Connect(connectIn, input.Name);
                client.WatchPeer(input, connectIn);
            }

            if (connectOut is not null)
            {
                client.Connect(output.Name, connectOut);
                client.WatchPeer(output, connectOut);
            }

            return new EnginePorts("jack", client, input, output);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    // WinMM (Windows, through NAudio) has no virtual ports: the engine opens the named devices itself.
    private static EnginePorts OpenWinMm(string clientName, string? connectIn, string? connectOut)
    {
        if (connectIn is null || connectOut is null)
        {
            throw new MidiPortException($"{clientName}:{(connectIn is null ? "in" : "out")}", "the winmm backend has no virtual ports: name a device with --in and --out (musicgen ports lists them)");
        }

        var input = WinMmBackend.OpenInput(connectIn);
        try
        {
            return new EnginePorts("winmm", null, input, WinMmBackend.OpenOutput(connectOut));
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    private static EnginePorts OpenRtMidi(string clientName, string? connectIn, string? connectOut)
    {
        // JACK first when this librtmidi has it (the engine's virtual ports live beside JACK clients), then the others in turn.
        var (ports, api) = RtMidiApiTrial.Open(null, connectIn ?? $"{clientName}:in", apiOption: null, api =>
        {
            var input = connectIn is null ? RtMidiBackend.OpenVirtualInput(api, clientName, "in") : RtMidiBackend.OpenInput(api, connectIn, clientName);
            try
            {
                var output = connectOut is null ? RtMidiBackend.OpenVirtualOutput(api, clientName, "out") : RtMidiBackend.OpenOutput(api, connectOut, clientName);
                return (Input: input, Output: output);
            }
            catch
            {
                input.Dispose();
                throw;
            }
        }, RtMidiApi.UnixJack);
        return new EnginePorts("rtmidi/" + RtMidiBackend.ApiName(api), null, ports.Input, ports.Output);
    }
}
