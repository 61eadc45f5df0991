using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;

namespace MusicGen.Live.Cli.Live;

/// <summary>
/// The engine's virtual ports: one JACK client (<c>{name}:in</c>, <c>{name}:out</c>) on the default server
/// (<c>JACK_DEFAULT_SERVER</c>), optionally connected to the given peers. The engine sees only the Midi interfaces.
/// </summary>
/// <remarks>Threading: open, connect and dispose on the control thread.</remarks>
public sealed class EnginePorts : IDisposable
{
    private readonly JackMidiClient _client;

    private EnginePorts(JackMidiClient client, IMidiInput input, IMidiOutput output)
    {
        _client = client;
        Input = input;
        Output = output;
    }

    public IMidiInput Input { get; }

    public IMidiOutput Output { get; }

    public string Backend { get; } = "jack";

    /// <summary>Opens the ports; <paramref name="backend"/> is "jack" (native) or "rtmidi".</summary>
    public static EnginePorts Open(string backend, string clientName, string? connectIn, string? connectOut, string? serverName = null)
    {
        if (backend != "jack")
        {
            throw new MidiPortException($"{clientName}:in", $"backend '{backend}' is not available to the live engine yet; use --backend jack");
        }

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

            return new EnginePorts(client, input, output);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Waits a few process cycles so messages queued for the output (the final note-offs) are written.</summary>
    public void Drain() => JackDrain.WaitCycles(_client);

    public void Dispose() => _client.Dispose();
}
