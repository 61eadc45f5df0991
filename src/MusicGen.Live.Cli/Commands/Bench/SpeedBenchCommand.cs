using System.CommandLine;
using MusicGen.Live.Bench.Runs;

namespace MusicGen.Live.Cli.Commands.Bench;

/// <summary><c>musicgen bench speed</c>: the options of <see cref="SpeedTableBench"/>, which runs the other benches per SIMD width.</summary>
public static class SpeedBenchCommand
{
    public static Command Create()
    {
        var rounds = new Option<int>("--rounds") { Description = "Rounds; each runs the C yardstick and every width once.", DefaultValueFactory = _ => 3 };
        var steps = new Option<int>("--steps") { Description = "Timed decode steps per context (bench decode --steps).", DefaultValueFactory = _ => 200 };
        var notes = new Option<int>("--notes") { Description = "Timed notes per StyleNet run (bench stylenet --notes).", DefaultValueFactory = _ => 100_000 };
        var large = new Option<string>("--large") { Description = "The second StyleNet's card.", DefaultValueFactory = _ => "models/stylenet-note-large.json" };
        var noC = new Option<bool>("--no-c") { Description = "Leave out the C yardstick (tools/decode_ref, needs gcc)." };
        var command = new Command("speed", "The speed table per SIMD width: bench decode and bench stylenet under AVX-512, AVX2 and 128-bit, alternated with the C yardstick.")
        {
            rounds, steps, notes, large, noC,
        };
        command.SetAction(parse => CliAction.Run(() => SpeedTableBench.Run(
            parse.GetValue(rounds), parse.GetValue(steps), parse.GetValue(notes), parse.GetValue(large)!, !parse.GetValue(noC))));
        return command;
    }
}
