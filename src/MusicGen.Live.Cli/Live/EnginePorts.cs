using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.Ports.RtMidi;

namespace MusicGen.Live.Cli.Live;

/// <summary>
/// The engine's ports. <c>jack</c>: one native JACK client (<c>{name}:in</c>, <c>{name}:out</c>, frame-accurate
/// output) on the default server (<c>JACK_DEFAULT_SERVER</c>) or the one named. <c>rtmidi</c>: RtMidi's default API,
/// virtual ports unless a port to open is given. The engine sees only the Midi interfaces.
/// </summary>
/// <remarks>Threading: open, drain and dispose on the control thread.</remarks>
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

    /// <summary>Opens the ports; with <paramref name="connectIn"/>/<paramref name="connectOut"/> they are wired to those peers.</summary>
    public static EnginePorts Open(string backend, string clientName, string? connectIn, string? connectOut, string? serverName = null) => backend switch
    {
        "jack" => OpenJack(clientName, connectIn, connectOut, serverName),
        "rtmidi" => OpenRtMidi(clientName, connectIn, connectOut),
        _ => throw new MidiPortException($"{clientName}:in", $"unknown backend '{backend}' (jack or rtmidi)"),
    };

    /// <summary>Waits a few process cycles so messages queued for the output (the final note-offs) are written.</summary>
    public void Drain()
    {
        if (_client is not null)
        {
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

    private static EnginePorts OpenRtMidi(string clientName, string? connectIn, string? connectOut)
    {
        // The JACK API when this librtmidi has it (the engine's virtual ports live beside JACK clients); else RtMidi's default.
        var api = RtMidiBackend.CompiledApis().Any(a => string.Equals(RtMidiBackend.ApiName(a), "jack", StringComparison.OrdinalIgnoreCase))
            ? RtMidiBackend.ParseApi("jack")
            : RtMidiBackend.ParseApi(null);
        var input = connectIn is null ? RtMidiBackend.OpenVirtualInput(api, clientName, "in") : RtMidiBackend.OpenInput(api, connectIn, clientName);
        try
        {
            var output = connectOut is null ? RtMidiBackend.OpenVirtualOutput(api, clientName, "out") : RtMidiBackend.OpenOutput(api, connectOut, clientName);
            return new EnginePorts("rtmidi", null, input, output);
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }
}
