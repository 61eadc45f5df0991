namespace MusicGen.Live.Bench.Runs.Tests;

/// <summary>The listener the load benches and the fuzzer check the engine's output with.</summary>
public sealed class OutputCheckerTests
{
    [Fact]
    public void The_checker_sees_a_note_left_on_a_pedal_left_down_and_a_malformed_message()
    {
        using var checker = new OutputChecker();
        checker.Send([0x90, 60, 100]);
        checker.Send([0xB1, 64, 127]);
        checker.Send([0x90, 0xC8, 0x40]);
        checker.Send([0xC0, 1, 2]);
        Assert.Equal((1, 1, 2L, 1L), (checker.Sounding, checker.PedalsDown, checker.Malformed, checker.NoteOns));

        checker.Send([0x80, 60, 0]);
        checker.Send([0xB1, 64, 0]);
        checker.Send([0xF0, 1, 2, 0xF7]);
        Assert.Equal((0, 0, 2L, 7L), (checker.Sounding, checker.PedalsDown, checker.Malformed, checker.Messages));
    }
}
