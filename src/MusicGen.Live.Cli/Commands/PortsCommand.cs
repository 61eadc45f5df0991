using System.CommandLine;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.RtMidi;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen ports [--api jack|alsa|...]</c>: lists MIDI inputs and outputs, with the indices and names
/// <c>thru --in/--out</c> accept, for each API the user's RtMidi library has (or the one asked for).
/// </summary>
public static class PortsCommand
{
    public static Command Create()
    {
        var api = new Option<string?>("--api") { Description = "Only this RtMidi API (jack, alsa, core, winmm, ...); default: every API the library has." };
        var command = new Command("ports", "List MIDI input and output ports (index and name) for each available API.") { api };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var chosen = parse.GetValue(api);
            var apis = chosen is null ? RtMidiBackend.CompiledApis() : [RtMidiBackend.ParseApi(chosen)];
            var listed = 0;
            foreach (var a in apis)
            {
                var name = RtMidiBackend.ApiName(a);
                try
                {
                    Print(name, "inputs", RtMidiBackend.ListInputs(a));
                    Print(name, "outputs", RtMidiBackend.ListOutputs(a));
                    listed++;
                }
                catch (MidiPortException ex) when (chosen is null)
                {
                    // Listing every API: one that cannot open here (no ALSA sequencer, no JACK server) is reported, not fatal.
                    Console.WriteLine($"{name}: unavailable ({ex.Message})");
                }
            }

            return listed > 0 ? 0 : 1;
        }));
        return command;
    }

    private static void Print(string api, string direction, IReadOnlyList<string> names)
    {
        Console.WriteLine($"{api} {direction}:{(names.Count == 0 ? " (none)" : string.Empty)}");
        for (var i = 0; i < names.Count; i++)
        {
            Console.WriteLine($"  [{i}] {names[i]}");
        }
    }
}
