using System.CommandLine;
using MusicGen.Live.Cli.Live;
using MusicGen.Live.Midi;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen play FILE --out PORT [--client NAME]</c>: plays a MIDI file's channel messages into a JACK port
/// on time (see <see cref="MidiFilePlayer"/>). Ctrl+C / SIGTERM end every sounding note before exit.
/// </summary>
public static class PlayCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A Standard MIDI File to play." };
        var output = new Option<string>("--out") { Description = "Destination port, e.g. musicgen:in.", Required = true };
        var client = new Option<string>("--client") { Description = "JACK client name of the player.", DefaultValueFactory = _ => "musicgen-play" };
        var command = new Command("play", "Play a MIDI file into a port on time (JACK).") { file, output, client };
        command.SetAction(result => CliAction.Run(() =>
        {
            var midi = MidiFile.Read(result.GetValue(file)!.FullName);
            var destination = result.GetValue(output)!;
            using var signal = new ShutdownSignal();
            using var jack = JackMidiClient.Open(result.GetValue(client)!);
            var port = jack.AddOutput("out");
            jack.Activate();
            jack.Connect(port.Name, destination);
            var sent = MidiFilePlayer.Play(midi, port, signal.Token);
            port.Flush(TimeSpan.FromSeconds(1)); // the last messages leave before the client closes
            Console.WriteLine($"musicgen play: sent {sent} messages to {destination}{(signal.Token.IsCancellationRequested ? " (interrupted)" : string.Empty)}");
            return 0;
        }));
        return command;
    }
}
