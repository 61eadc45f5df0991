using System.CommandLine;
using System.Globalization;
using MusicGen.Live.Cli.Live;
using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen live [--config configs/engine.json] [--in PORT] [--out PORT] [--backend jack|rtmidi]
/// [--humanize off|causal|lookahead] [--velocity-model note|large|offline|contour] [--generator transformer|echo] [--input-dynamics]
/// [--continue off|call-and-response|accompaniment] [--record FILE] [--seconds N] [--quiet]</c>: the live engine on virtual ports.
/// Models and the shipped config are read relative to the program (<see cref="ShippedFiles"/>), so any working directory
/// gives the same engine; a placeholder stage runs only by name, or with a warning when its model file is missing. Ctrl+C / SIGTERM end every sounding note, write the recording and exit 0;
/// a lost port ends the session with exit 1 and the reason.
/// </summary>
public static class LiveCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "Engine config (default: the shipped configs/engine.json beside the program, else built-in defaults)." };
        var input = new Option<string?>("--in") { Description = "Source port to connect to the engine's input (e.g. a keyboard's port)." };
        var output = new Option<string?>("--out") { Description = "Destination port to connect the engine's output to (e.g. a synth)." };
        var backend = new Option<string?>("--backend") { Description = "Port backend: jack, rtmidi, or winmm (Windows, needs --in and --out)." };
        backend.AcceptOnlyFromAmong("jack", "rtmidi", "winmm");
        var humanize = new Option<string?>("--humanize") { Description = "Humanize mode: off, causal or lookahead." };
        humanize.AcceptOnlyFromAmong("off", "causal", "lookahead");
        var model = new Option<string?>("--velocity-model")
        {
            Description = "StyleNet the velocity stage runs: " + VelocityModel.Help,
        };
        model.AcceptOnlyFromAmong([.. VelocityModel.Names]);
        var generator = new Option<string?>("--generator") { Description = "What answers the player: transformer (the shipped PhraseTransformer; default) or echo (the placeholder, no model)." };
        generator.AcceptOnlyFromAmong("transformer", "echo");
        var dynamics = new Option<bool>("--input-dynamics")
        {
            Description = "Humanize keeps the incoming velocities as dynamics to perform (a sequencer or DAW part); default: replace them (a player).",
        };
        var continuation = new Option<string?>("--continue") { Description = "Continuation mode: off, call-and-response or accompaniment." };
        continuation.AcceptOnlyFromAmong("off", "call-and-response", "accompaniment");
        var record = new Option<FileInfo?>("--record") { Description = "Session MIDI file (default: sessions/session-<time>.mid; see recording in the config)." };
        var seconds = new Option<double?>("--seconds") { Description = "Stop by itself after this many seconds (demos, tests)." };
        var quiet = new Option<bool>("--quiet") { Description = "No live table: a ready line and a closing summary only." };
        var runtime = RuntimeChoice.RuntimeOption();
        var device = RuntimeChoice.DeviceOption();
        var command = new Command("live", "Run the live engine: humanize the player's notes and answer their phrases, on time, recorded.")
        {
            config, input, output, backend, humanize, model, generator, dynamics, continuation, record, seconds, quiet, runtime, device,
        };
        command.SetAction(result => CliAction.Run(() =>
        {
            var options = LoadOptions(result.GetValue(config));
            var source = result.GetValue(config)?.FullName ?? "command line";
            options.Ports.In = result.GetValue(input) ?? options.Ports.In;
            options.Ports.Out = result.GetValue(output) ?? options.Ports.Out;
            options.Ports.Backend = result.GetValue(backend) ?? options.Ports.Backend;
            if (result.GetValue(humanize) is { } h)
            {
                options.Humanize.Mode = EngineConfigLoader.ParseHumanize(h, source, "--humanize");
            }

            if (result.GetValue(model) is { } m)
            {
                options.Humanize.Model = EngineConfigLoader.ParseVelocityModel(m, source, "--velocity-model");
            }

            if (result.GetValue(generator) is { } g)
            {
                options.Continuation.Generator = EngineConfigLoader.ParseGenerator(g, source, "--generator");
            }

            if (result.GetValue(dynamics))
            {
                options.Humanize.InputDynamics = true;
            }

            if (result.GetValue(continuation) is { } c)
            {
                options.Continuation.Mode = EngineConfigLoader.ParseContinuation(c, source, "--continue");
            }

            EngineConfigLoader.Validate(options, source);
            var recording = result.GetValue(record)?.FullName
                ?? (options.Recording.Enabled
                    ? Path.Combine(options.Recording.Directory, string.Create(CultureInfo.InvariantCulture, $"session-{DateTime.Now:yyyyMMdd-HHmmss}.mid"))
                    : null);
            return Run(options, recording, result.GetValue(seconds), result.GetValue(quiet), RuntimeChoice.From(result, runtime, device, options.Runtime));
        }));
        return command;
    }

    internal static EngineOptions LoadOptions(FileInfo? config)
    {
        if (config is not null)
        {
            return EngineConfigLoader.Load(config.FullName);
        }

        var shipped = ShippedFiles.PathOf(Path.Combine("configs", "engine.json"));
        return File.Exists(shipped) ? EngineConfigLoader.Load(shipped) : new EngineOptions();
    }

    private static int Run(EngineOptions options, string? recording, double? seconds, bool quiet, RuntimeChoice models)
    {
        using var signal = new ShutdownSignal();
        using var ports = EnginePorts.Open(options.Ports.Backend, options.Ports.ClientName, options.Ports.In, options.Ports.Out);
        var stages = StageFactory.Create(options, runtime: models);
        foreach (var warning in stages.Warnings)
        {
            Console.Error.WriteLine("musicgen live: WARNING: " + warning);
        }

        using var engine = new LiveEngine(options, ports.Input, ports.Output, stages.Velocity, stages.Generator, recording);
        var deadline = seconds is { } s ? Environment.TickCount64 + (long)(s * 1000) : long.MaxValue;
        bool Done()
        {
            // A humanize-mode CC can switch look-ahead on or off while running; JACK hears of it (recomputes) only on a change.
            ports.SetAddedDelay(engine.Processor.AddedDelayMs);
            return signal.Token.IsCancellationRequested || engine.LostPort is not null || Environment.TickCount64 >= deadline;
        }

        ports.SetAddedDelay(engine.Processor.AddedDelayMs);
        engine.Start();
        Console.WriteLine($"musicgen live: ready in={ports.Input.Name} out={ports.Output.Name} "
            + $"humanize={EngineConfigLoader.Name(options.Humanize.Mode)} {ports.DelayFields()} "
            + $"continue={EngineConfigLoader.Name(options.Continuation.Mode)} recording={engine.Recorder?.Path ?? "off"} "
            + $"backend={ports.Description} realtime={engine.RealtimeText} {stages.Names}{stages.WarningText}");
        Console.Out.Flush();
        if (quiet)
        {
            var warned = false;
            while (!Done())
            {
                if (!warned && engine.Recorder?.Fault is { } early)
                {
                    Console.Error.WriteLine($"musicgen live: warning: {early}; the performance goes on"); // the table shows it otherwise
                    warned = true;
                }

                Thread.Sleep(20);
            }
        }
        else
        {
            ConsoleView.Run(engine, ports, Done, stages);
        }

        engine.Stop(); // note-offs for everything sounding, final recording
        ports.Drain();
        Console.WriteLine("musicgen live: stopped" + (signal.Received is { } sig ? $" by {sig}" : string.Empty) + "; " + ConsoleView.Summary(engine, stages));
        if (engine.Recorder?.Fault is { } fault)
        {
            Console.Error.WriteLine($"musicgen live: warning: {fault}");
        }

        if (engine.Metrics.LastFault is { } lastFault)
        {
            Console.Error.WriteLine($"musicgen live: warning: {engine.Metrics.Faults} fault(s); the last: {lastFault}");
        }

        if (engine.LostPort is { } lost && !signal.Token.IsCancellationRequested)
        {
            throw new InvalidOperationException($"port lost: {lost}; every note that could still be reached was ended");
        }

        return 0;
    }
}
