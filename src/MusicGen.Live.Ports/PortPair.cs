using System.Globalization;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.Ports.RtMidi;

namespace MusicGen.Live.Ports;

/// <summary>
/// An input and an output opened together: the one opener behind <c>thru</c>, <c>live</c>, <c>demo</c>, the benches
/// and the tests. <see cref="PortBackend.Jack"/>: one native JACK client (<c>{name}:in</c>, <c>{name}:out</c>,
/// frame-accurate output) on the default server or the one named. <see cref="PortBackend.RtMidi"/>: the API named, or
/// each API in turn; virtual ports unless a port to open is given. Peers are found with <see cref="PortSelector"/>.
/// On JACK an added delay (the engine's humanize look-ahead) is reported as the ports' latency so a DAW can
/// compensate; RtMidi's API has no call to set port latency, so there the delay is only described.
/// </summary>
/// <remarks>Threading: open, set the delay, drain and dispose on the control thread; messages flow on the ports' threads.</remarks>
public sealed class PortPair : IDisposable
{
    private int _disposed;

    private PortPair(IMidiInput input, IMidiOutput output, JackMidiClient? client, string description)
    {
        Input = input;
        Output = output;
        Client = client;
        Description = description;
    }

    public IMidiInput Input { get; }

    public IMidiOutput Output { get; }

    /// <summary>The JACK client that owns both ports (JACK backend only).</summary>
    public JackMidiClient? Client { get; }

    /// <summary>e.g. "jack" or "rtmidi/alsa".</summary>
    public string Description { get; }

    /// <summary>The added delay last set with <see cref="SetAddedDelay"/>, ms.</summary>
    public double AddedDelayMs { get; private set; }

    /// <summary>Why JACK did not take the last latency change, if it did not.</summary>
    public string? LatencyError { get; private set; }

    public static PortPair Open(PortPairOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Backend == PortBackend.Jack ? OpenJack(options) : OpenRtMidi(options);
    }

    /// <summary>Ports opened elsewhere (a backend this layer does not know, e.g. WinMM), owned from here on.</summary>
    public static PortPair Of(IMidiInput input, IMidiOutput output, string description)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        return new PortPair(input, output, null, description);
    }

    /// <summary>Milliseconds to whole frames at <paramref name="sampleRate"/>.</summary>
    public static int Frames(double ms, int sampleRate) => (int)Math.Round(ms * sampleRate / 1000.0);

    /// <summary>
    /// Sets the added delay: on JACK as port latency (output capture and input playback latency grow by it; JACK
    /// recomputes the graph when it changes), elsewhere nowhere. Cheap when unchanged.
    /// </summary>
    public void SetAddedDelay(double ms)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ms);
        AddedDelayMs = ms;
        if (Client is null)
        {
            return;
        }

        try
        {
            Client.AddedLatencyFrames = Frames(ms, Client.SampleRate);
        }
        catch (MidiPortException ex)
        {
            LatencyError = ex.Message; // shown beside the delay: a latency report that fails must not end a performance
        }
    }

    /// <summary>The added delay for a ready line: <c>delay_ms=120 delay_frames=5760 port_latency=jack</c>.</summary>
    public string DelayFields() => Client is { } c
        ? string.Create(CultureInfo.InvariantCulture, $"delay_ms={AddedDelayMs:0.###} delay_frames={c.AddedLatencyFrames} port_latency={(c.ReportsLatency ? "jack" : "refused-by-jack")}")
        : string.Create(CultureInfo.InvariantCulture, $"delay_ms={AddedDelayMs:0.###} delay_frames=n/a port_latency=none (RtMidi cannot set port latency)");

    /// <summary>The added delay for the console: ms, frames and whether JACK knows it.</summary>
    public string DelayText() => Client is { } c
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"{AddedDelayMs:0} ms = {c.AddedLatencyFrames} frames at {c.SampleRate} Hz"
                + $"{(LatencyError is { } e ? ", not reported: " + e
                    : c.ReportsLatency ? ", reported as JACK port latency"
                    : ", not reported: JACK refused the latency callback")}")
        : string.Create(CultureInfo.InvariantCulture, $"{AddedDelayMs:0} ms, not reported as port latency (RtMidi cannot set it)");

    /// <summary>Waits (bounded) until what was queued for the JACK output (final note-offs) has been written.</summary>
    public bool Drain() => (Output as JackMidiOutput)?.Flush(TimeSpan.FromSeconds(1)) ?? true;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Input.Dispose();
        Output.Dispose();
        Client?.Dispose();
    }

    private static PortPair OpenJack(PortPairOptions options)
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

            return new PortPair(input, output, client, "jack");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static PortPair OpenRtMidi(PortPairOptions options)
    {
        var outputClient = options.OutputClientName ?? options.ClientName;
        RtMidiApi[] preferred = options.PreferJackApi ? [RtMidiApi.UnixJack] : [];
        var (ports, api) = RtMidiApiTrial.Open(options.Api, options.Input ?? $"{options.ClientName}:in", options.ApiOption, api =>
        {
            RtMidiInput? input = null;
            try
            {
                input = options.Input is { } source
                    ? RtMidiBackend.OpenInput(api, source, options.ClientName)
                    : RtMidiBackend.OpenVirtualInput(api, options.ClientName, "in");
                IMidiOutput output = options.Output is { } destination
                    ? RtMidiBackend.OpenOutput(api, destination, outputClient)
                    : RtMidiBackend.OpenVirtualOutput(api, outputClient, "out");
                return (Input: input, Output: output);
            }
            catch
            {
                input?.Dispose();
                throw;
            }
        }, preferred);
        return new PortPair(ports.Input, ports.Output, null, "rtmidi/" + RtMidiBackend.ApiName(api));
    }
}
