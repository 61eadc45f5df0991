using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports;
using MusicGen.Live.Ports.WinMM;

namespace MusicGen.Live.Cli.Live;

/// <summary>
/// The engine config's <c>ports</c> section as a <see cref="PortPair"/>: <c>jack</c> and <c>rtmidi</c> (JACK's API
/// first) through <see cref="PortPair.Open"/>, <c>winmm</c> (Windows, through NAudio; no virtual ports) here, since
/// that backend lives in its own project above Ports.
/// </summary>
/// <remarks>Threading: control thread.</remarks>
public static class EnginePorts
{
    /// <summary>Opens the ports; with <paramref name="connectIn"/>/<paramref name="connectOut"/> they are wired to those peers.</summary>
    public static PortPair Open(string backend, string clientName, string? connectIn, string? connectOut, string? serverName = null) => backend switch
    {
        "jack" => PortPair.Open(new PortPairOptions(PortBackend.Jack, Input: connectIn, Output: connectOut, ClientName: clientName, Server: serverName)),
        "rtmidi" => PortPair.Open(new PortPairOptions(PortBackend.RtMidi, Input: connectIn, Output: connectOut, ClientName: clientName, PreferJackApi: true)),
        "winmm" => OpenWinMm(clientName, connectIn, connectOut),
        _ => throw new MidiPortException($"{clientName}:in", $"unknown backend '{backend}' (jack, rtmidi or winmm)"),
    };

    private static PortPair OpenWinMm(string clientName, string? connectIn, string? connectOut)
    {
        if (connectIn is null || connectOut is null)
        {
            throw new MidiPortException($"{clientName}:{(connectIn is null ? "in" : "out")}", "the winmm backend has no virtual ports: name a device with --in and --out (musicgen ports lists them)");
        }

        var input = WinMmBackend.OpenInput(connectIn);
        try
        {
            return PortPair.Of(input, WinMmBackend.OpenOutput(connectOut), "winmm");
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }
}
