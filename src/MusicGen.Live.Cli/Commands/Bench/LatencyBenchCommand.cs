using System.CommandLine;
using MusicGen.Live.Bench.Runs;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary><c>musicgen bench latency</c>: the options of <see cref="LatencyBench"/>, which measures and reports.</summary>
public static class LatencyBenchCommand
{
    public static Command Create()
    {
        var backend = new Option<string>("--backend") { Description = "rtmidi, jack or both.", DefaultValueFactory = _ => "both" };
        backend.AcceptOnlyFromAmong("rtmidi", "jack", "both");
        var messages = new Option<int>("--messages") { Description = "Messages jack_midi_latency_test sends per backend.", DefaultValueFactory = _ => 500 };
        var period = new Option<int>("--period") { Description = "JACK frames per cycle.", DefaultValueFactory = _ => 128 };
        var rate = new Option<int>("--rate") { Description = "JACK sample rate.", DefaultValueFactory = _ => 48000 };
        var humanize = new Option<string>("--humanize")
        {
            Description = "off: thru only. causal or lookahead: also 'musicgen live --backend jack --humanize MODE --continue off', "
                + "reported beside thru with the latency it adds. "
                + "Then every run sends 2-byte messages (program change, channel pressure) that the engine passes through: "
                + "its pass-through path, not the velocity stage "
                + "(the tool's 3-byte pair is a note-off for an unplayed key, which the engine drops, and a note-on it re-velocities).",
            DefaultValueFactory = _ => "off",
        };
        humanize.AcceptOnlyFromAmong("off", "causal", "lookahead");
        var command = new Command("latency", "MIDI round-trip latency and jitter through 'musicgen thru' (and with --humanize, 'musicgen live') on a private JACK server (jack_midi_latency_test).")
        {
            backend, messages, period, rate, humanize,
        };
        command.SetAction(parse => CliAction.Run(() => LatencyBench.Run(
            parse.GetValue(backend)!, parse.GetValue(messages), parse.GetValue(period), parse.GetValue(rate), parse.GetValue(humanize)!)));
        return command;
    }
}
