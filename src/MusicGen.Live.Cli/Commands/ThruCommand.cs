using System.CommandLine;
using System.Runtime.InteropServices;
using MusicGen.Live.Ports;
using MusicGen.Live.Ports.Thru;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen thru</c>: passes a MIDI input to an output until Ctrl+C or SIGTERM. Virtual ports by
/// default (<c>musicgen:in</c> → <c>musicgen:out</c> on JACK). A lost port is reported and the program
/// stays up; on stop or loss it sends note-offs for the notes it passed that still sound.
/// </summary>
public static class ThruCommand
{
    public static Command Create()
    {
        var backend = new Option<string>("--backend") { Description = "Port layer: rtmidi or jack (native JACK client, in-cycle).", DefaultValueFactory = _ => "rtmidi" };
        backend.AcceptOnlyFromAmong("rtmidi", "jack");
        var api = new Option<string?>("--api")
        {
            Description = "RtMidi API (jack, alsa, ...); default: each API the library has in turn, the first that opens "
                + "(the ready line names it). Ignored with --backend jack.",
        };
        var input = new Option<string?>("--in") { Description = "Source port to read: index, exact name or pattern (see 'musicgen ports'); default: a virtual input." };
        var output = new Option<string?>("--out") { Description = "Destination port to write; default: a virtual output." };
        var name = new Option<string>("--name") { Description = "Client name the ports are grouped under.", DefaultValueFactory = _ => "musicgen" };
        var server = new Option<string?>("--server") { Description = "JACK server name (default: $JACK_DEFAULT_SERVER or 'default')." };
        var command = new Command("thru", "Pass MIDI from an input to an output until Ctrl+C/SIGTERM; releases held notes on stop or port loss.")
        {
            backend, api, input, output, name, server,
        };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var options = new PortPairOptions(
                parse.GetValue(backend) == "jack" ? PortBackend.Jack : PortBackend.RtMidi,
                parse.GetValue(api),
                parse.GetValue(input),
                parse.GetValue(output),
                parse.GetValue(name)!,
                parse.GetValue(server));
            return Run(options);
        }));
        return command;
    }

    private static int Run(PortPairOptions options)
    {
        using var stop = new ManualResetEventSlim();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        using var session = ThruSession.Start(options);
        session.PortLost += (_, e) => Console.Error.WriteLine($"musicgen thru: port lost: {e.PortName}: {e.Reason} (still running; Ctrl+C to quit)");

        // Tests and the latency bench wait for this line before connecting.
        Console.WriteLine($"musicgen thru: ready {session.Description} in={session.InputName} out={session.OutputName}");
        stop.Wait();
        session.Stop();
        Console.WriteLine($"musicgen thru: stopped passed={session.Passed} released={session.Released} dropped={session.Dropped} "
            + $"rejected_bytes={session.Rejected} errors={session.Errors} xruns={session.Xruns}");
        return 0;

        void Handle(PosixSignalContext context)
        {
            context.Cancel = true; // we stop cleanly ourselves: note-offs first
            stop.Set();
        }
    }
}
