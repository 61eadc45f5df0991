using System.CommandLine;
using MusicGen.Live.Cli.Live;
using MusicGen.Live.Midi;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen play FILE --out PORT [--client NAME]</c>: plays a MIDI file's channel messages into a JACK port
/// on time (each message sent ahead with its due time, so JACK places it on its frame). Ctrl+C / SIGTERM end
/// every sounding note before exit.
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
            Play(MidiFile.Read(result.GetValue(file)!.FullName), result.GetValue(client)!, result.GetValue(output)!)));
        return command;
    }

    private static int Play(MidiFile file, string clientName, string destination)
    {
        var map = file.GetTempoMap();
        var events = file.Tracks
            .SelectMany(t => t.Events)
            .Where(e => e.IsChannelMessage)
            .Select(e => (Seconds: map.ToSeconds(e.Tick), Event: e))
            .OrderBy(x => x.Seconds)
            .ToArray();

        using var signal = new ShutdownSignal();
        using var jack = JackMidiClient.Open(clientName);
        var port = jack.AddOutput("out");
        jack.Activate();
        jack.Connect(port.Name, destination);
        var sounding = new HashSet<int>();
        var start = MidiClock.Now + MidiClock.FromMilliseconds(100);
        var lead = MidiClock.FromMilliseconds(5); // hand each message over a little ahead; JACK places it on its frame
        Span<byte> bytes = stackalloc byte[3];
        foreach (var (seconds, e) in events)
        {
            var due = start + MidiClock.FromMilliseconds(seconds * 1000);
            while (MidiClock.Now < due - lead && !signal.Token.IsCancellationRequested)
            {
                Thread.Sleep(1);
            }

            if (signal.Token.IsCancellationRequested)
            {
                break;
            }

            bytes[0] = e.Status;
            bytes[1] = e.Data1;
            bytes[2] = e.Data2;
            var length = e.Command is 0xC0 or 0xD0 ? 2 : 3;
            if (port.SendAt(bytes[..length], due))
            {
                var key = (e.Channel << 7) | e.Data1;
                if (e.IsNoteOn)
                {
                    sounding.Add(key);
                }
                else if (e.IsNoteOff)
                {
                    sounding.Remove(key);
                }
            }
        }

        foreach (var key in sounding)
        {
            bytes[0] = (byte)(0x80 | (key >> 7));
            bytes[1] = (byte)(key & 0x7F);
            bytes[2] = 0;
            port.Send(bytes);
        }

        var target = jack.Cycles + 3; // let the last messages leave before the client closes
        var until = Environment.TickCount64 + 500;
        while (jack.Cycles < target && Environment.TickCount64 < until)
        {
            Thread.Sleep(2);
        }

        Console.WriteLine($"musicgen play: sent {events.Length} messages to {destination}{(signal.Token.IsCancellationRequested ? " (interrupted)" : string.Empty)}");
        return 0;
    }
}
