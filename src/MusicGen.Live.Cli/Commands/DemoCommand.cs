using System.CommandLine;
using System.Diagnostics;
using MusicGen.Live.Cli.Demo;
using MusicGen.Live.Cli.Live;
using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Midi;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.Ports.Loopback;

namespace MusicGen.Live.Cli.Commands;

/// <summary>
/// <c>musicgen demo [--out-dir demo-out] [--phrase configs/demo/phrase.mid] [--ports jack|loopback]</c>: the README's first
/// command. Starts a private JACK dummy server and runs the live engine on its virtual ports (or, with loopback, the
/// default on Windows, on in-process ports without JACK), plays the shipped phrase
/// (two phrases with a rest) into it from a separate JACK client, records the session, renders what the engine
/// played to WAV with FluidSynth, draws a piano roll (SVG: player, humanized echo and answer lanes), measures each answer's key and
/// register against its phrase, prints
/// where the files are, and stops everything it started.
/// </summary>
public static class DemoCommand
{
    // MUSICGEN_SOUNDFONT first (Windows has no standard place for one), then Debian's.
    private static readonly string[] s_soundFonts = [
        Environment.GetEnvironmentVariable("MUSICGEN_SOUNDFONT") ?? string.Empty,
        "/usr/share/sounds/sf2/FluidR3_GM.sf2",
        "/usr/share/sounds/sf2/default-GM.sf2"];

    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo>("--out-dir") { Description = "Where the session, WAV and piano roll go.", DefaultValueFactory = _ => new DirectoryInfo("demo-out") };
        var phrase = new Option<FileInfo>("--phrase")
        {
            Description = "The phrase to play into the engine.",
            DefaultValueFactory = _ => new FileInfo(ShippedFiles.PathOf(Path.Combine("configs", "demo", "phrase.mid"))),
        };
        var ports = new Option<string>("--ports")
        {
            Description = "jack (a private JACK dummy server; the default on Linux and macOS) or loopback (in-process ports, no JACK; the default on Windows).",
            DefaultValueFactory = _ => OperatingSystem.IsWindows() ? "loopback" : "jack",
        };
        ports.AcceptOnlyFromAmong("jack", "loopback");
        var runtime = RuntimeChoice.RuntimeOption();
        var device = RuntimeChoice.DeviceOption();
        var command = new Command(
            "demo",
            "Play a shipped phrase into the engine (on a private JACK server, or in-process ports), record, render and plot the answer.")
        {
            outDir, phrase, ports, runtime, device,
        };
        command.SetAction(result => CliAction.Run(() => Run(result.GetValue(outDir)!, result.GetValue(phrase)!, result.GetValue(ports)!, RuntimeChoice.From(result, runtime, device))));
        return command;
    }

    private static int Run(DirectoryInfo outDir, FileInfo phrase, string portsKind, RuntimeChoice models)
    {
        var midi = MidiFile.Read(phrase.FullName);
        outDir.Create();
        var session = Path.Combine(outDir.FullName, "session.mid");
        var options = LiveCommand.LoadOptions(null);
        options.Ports.ClientName = "musicgen";

        using var signal = new ShutdownSignal();
        if (portsKind == "loopback")
        {
            RunOnLoopback(options, midi, phrase, session, signal, models);
            return Render(session, outDir.FullName);
        }

        Console.WriteLine("demo: starting a private JACK dummy server");
        using (var server = PrivateJackServer.Start(48000, 256, "musicgen-demo"))
        {
            using var ports = EnginePorts.Open("jack", options.Ports.ClientName, null, null, server.Name);
            var stages = StageFactory.Create(options, runtime: models);
            using var engine = new LiveEngine(options, ports.Input, ports.Output, stages.Velocity, stages.Generator, session);
            engine.Start();
            Console.WriteLine($"demo: engine on {ports.Input.Name} → {ports.Output.Name}: humanize {engine.Processor.VelocityStageName}; continuation {engine.Processor.GeneratorName}");
            PrintWarnings(stages);

            using (var player = JackMidiClient.Open("demo-player", server.Name))
            {
                var port = player.AddOutput("out");
                player.Activate();
                player.Connect(port.Name, ports.Input.Name);
                Console.WriteLine($"demo: playing {phrase.Name} ({midi.GetNotes().Count} notes, a rest in the middle) into {ports.Input.Name}");
                MidiFilePlayer.Play(midi, port, signal.Token);
                port.Flush(TimeSpan.FromSeconds(1)); // the phrase's last messages leave before the player closes
            }

            PlayOut(engine, signal);
            ports.Drain();
            Console.WriteLine("demo: " + ConsoleView.Summary(engine, stages));
        }

        Console.WriteLine("demo: JACK server stopped");
        return Render(session, outDir.FullName);
    }

    // Without JACK (Windows, or --ports loopback): the engine on the in-process loopback pair, the phrase played
    // into it from this thread, what it plays going to a second pair whose far end only counts (the session file records it).
    private static void RunOnLoopback(EngineOptions options, MidiFile midi, FileInfo phrase, string session, ShutdownSignal signal, RuntimeChoice models)
    {
        var (input, player) = LoopbackMidi.CreatePair("musicgen-in");
        var (unread, output) = LoopbackMidi.CreatePair("musicgen-out");
        using (input)
        using (player)
        using (unread)
        using (output)
        {
            var stages = StageFactory.Create(options, runtime: models);
            using var engine = new LiveEngine(options, input, output, stages.Velocity, stages.Generator, session);
            var heard = new CountingReceiver();
            unread.Start(heard);
            engine.Start();
            Console.WriteLine($"demo: engine on the in-process loopback ports (no JACK): humanize {engine.Processor.VelocityStageName}; continuation {engine.Processor.GeneratorName}");
            PrintWarnings(stages);
            Console.WriteLine($"demo: playing {phrase.Name} ({midi.GetNotes().Count} notes, a rest in the middle) into {input.Name}");
            MidiFilePlayer.Play(midi, player, signal.Token);
            PlayOut(engine, signal);
            Console.WriteLine("demo: " + ConsoleView.Summary(engine, stages));
            Console.WriteLine($"demo: {heard.Count} MIDI messages reached the output port");
        }
    }

    private static void PrintWarnings(LiveStages stages)
    {
        foreach (var warning in stages.Warnings)
        {
            Console.WriteLine("demo: WARNING: " + warning); // the demo plays on, and says the answer is not a model's
        }
    }

    // Lets the last answer play out (bounded), then stops: every note ends, the recording is final.
    private static void PlayOut(LiveEngine engine, ShutdownSignal signal)
    {
        var until = Stopwatch.StartNew();
        Thread.Sleep(1500);
        while (!signal.Token.IsCancellationRequested && until.Elapsed < TimeSpan.FromSeconds(15)
            && (engine.Processor.Generating || engine.Scheduler.PendingCount > 0 || engine.Scheduler.SoundingCount > 0))
        {
            Thread.Sleep(50);
        }

        engine.Stop();
    }

    /// <summary>The humanized player notes' velocity range and std beside the input's (the README sets them next to a pianist's).</summary>
    private static string EchoVelocities(List<Note> input, List<Note> echo)
    {
        static string Spread(List<Note> notes)
        {
            if (notes.Count == 0)
            {
                return "none";
            }

            var mean = notes.Average(n => (double)n.Velocity);
            var std = Math.Sqrt(notes.Average(n => (n.Velocity - mean) * (n.Velocity - mean)));
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{notes.Min(n => n.Velocity)}–{notes.Max(n => n.Velocity)}, std {std:0.0}");
        }

        return $"demo: velocities of the humanized player notes {Spread(echo)} (input {Spread(input)}; a pianist's range is in the README, \"The demo\")";
    }

    private static int Render(string session, string outDir)
    {
        var file = MidiFile.Read(session);
        var notes = file.GetNotes();
        var input = notes.Where(n => n.Track == 0).ToList();
        var output = notes.Where(n => n.Track == 1).ToList();
        var roll = Path.Combine(outDir, "piano-roll.svg");
        PianoRollSvg.Write(roll, input, output);

        // What the engine played, alone (the session file also holds the input), for the synthesizer.
        var played = new MidiFile(1, file.Division);
        played.Tracks.Add(new MidiTrack([MidiEvent.Tempo(0, 500_000)]));
        played.Tracks.Add(file.Tracks[1]);
        var playedPath = Path.Combine(outDir, "output.mid");
        played.Write(playedPath);

        var wav = Path.Combine(outDir, "output.wav");
        var soundFont = s_soundFonts.FirstOrDefault(File.Exists);
        string wavLine;
        if (soundFont is null)
        {
            wavLine = "not rendered: no General MIDI SoundFont (install fluid-soundfont-gm, or set MUSICGEN_SOUNDFONT to an .sf2 file)";
        }
        else
        {
            var info = new ProcessStartInfo("fluidsynth", ["-ni", "-g", "0.7", "-r", "44100", "-F", wav, soundFont, playedPath])
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            try
            {
                using var synth = Process.Start(info)!;
                var errors = synth.StandardError.ReadToEndAsync();
                synth.StandardOutput.ReadToEnd();
                synth.WaitForExit();
                wavLine = synth.ExitCode == 0 && File.Exists(wav) ? wav : $"not rendered: fluidsynth exit {synth.ExitCode}: {errors.Result.Trim()}";
            }
            catch (System.ComponentModel.Win32Exception)
            {
                wavLine = "not rendered: fluidsynth not found (install fluidsynth)";
            }
        }

        var generated = output.Count(n => n.Channel != 0);
        Console.WriteLine($"demo: input {input.Count} notes; output {output.Count} notes ({output.Count - generated} humanized player notes, {generated} generated)");
        Console.WriteLine(EchoVelocities(input, output.Where(n => n.Channel == 0).ToList()));
        foreach (var answer in DemoAnswers.Find(input, output))
        {
            Console.WriteLine("demo: " + DemoAnswers.Describe(answer));
        }

        Console.WriteLine($"demo: session (input + output tracks): {session}");
        Console.WriteLine($"demo: engine output as MIDI:          {playedPath}");
        Console.WriteLine($"demo: engine output as audio:         {wavLine}");
        Console.WriteLine($"demo: piano roll (player / echo / answer lanes): {roll}");
        return 0;
    }
}
