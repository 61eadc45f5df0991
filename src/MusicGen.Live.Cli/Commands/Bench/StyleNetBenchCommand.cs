using System.CommandLine;
using MusicGen.Live.Bench.Runs;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary><c>musicgen bench stylenet</c>: the options of <see cref="StyleNetBench"/>, which measures and reports.</summary>
public static class StyleNetBenchCommand
{
    public static Command Create()
    {
        var card = new Option<string>("--model") { Description = "Note model card.", DefaultValueFactory = _ => "models/stylenet-note.json" };
        var notes = new Option<int>("--notes") { Description = "Timed notes per mode.", DefaultValueFactory = _ => 200_000 };
        var lookahead = new Option<int>("--lookahead-ms") { Description = "Look-ahead of the second mode.", DefaultValueFactory = _ => 1000 };
        var command = new Command("stylenet", "Per-note cost (µs) of the note-level StyleNet streamer, causal and with look-ahead.") { card, notes, lookahead };
        command.SetAction(parse => CliAction.Run(() => StyleNetBench.Run(parse.GetValue(card)!, parse.GetValue(notes), parse.GetValue(lookahead))));
        return command;
    }
}
