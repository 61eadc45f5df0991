using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Midi;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;
using Xunit.Abstractions;

namespace MusicGen.Live.Engine.Tests.Stages;

/// <summary>
/// The compact LSTM formats the engine runs its note StyleNet at (<see cref="StyleNetVelocityStage.PrecisionFor(NoteStyleNet)"/>):
/// int16 on x86 below AVX-512, bf16 with AVX-512 and on ARM64, against the float reference, on whole nasap test-split
/// performances as <c>humanize</c> reads them, causal and with look-ahead, for both shipped streaming models the engine
/// may run: every integer velocity equal to the float path's, except where the float velocity lies within
/// <see cref="Tolerance"/> of a rounding boundary (counted: at most 2 % of notes, one velocity step each), and no
/// unrounded velocity further than <see cref="Tolerance"/> from the float one. bf16 moves a velocity by about a tenth
/// of a step at most, so about one note in a hundred rounds the other way; int16 (13-bit weights) by less.
/// </summary>
public sealed class EngineStyleNetPrecisionTests(ITestOutputHelper output)
{
    private const int Files = 3;

    /// <summary>Velocity units (of 127): the largest drift allowed between the engine's precision and float.</summary>
    private const float Tolerance = 0.15f;

    [Fact]
    public void The_engine_runs_int16_on_x86_below_avx512_and_bf16_or_float_elsewhere()
    {
        var note = NoteStyleNet.Load(RepoPaths.InRepo("models", "stylenet-note.json"));
        var large = NoteStyleNet.Load(RepoPaths.InRepo("models", "stylenet-note-large.json"));
        foreach (var model in new[] { note, large })
        {
            // x86: AVX-512; AVX2 or 128-bit AVX with FMA; SSE without FMA.
            Assert.Equal(StyleNetPrecision.Bf16, StyleNetVelocityStage.PrecisionFor(model, avx512: true, integerPairs: true, fusedMultiplyAdd: true));
            Assert.Equal(StyleNetPrecision.Int16, StyleNetVelocityStage.PrecisionFor(model, avx512: false, integerPairs: true, fusedMultiplyAdd: true));
            Assert.Equal(StyleNetPrecision.Int16, StyleNetVelocityStage.PrecisionFor(model, avx512: false, integerPairs: true, fusedMultiplyAdd: false));

            // ARM64 (fused, no pmaddwd).
            Assert.Equal(StyleNetPrecision.Bf16, StyleNetVelocityStage.PrecisionFor(model, avx512: false, integerPairs: false, fusedMultiplyAdd: true));
        }

        // Neither (no SIMD at all): float while the weights fit a core's L2.
        Assert.Equal(StyleNetPrecision.Fp32, StyleNetVelocityStage.PrecisionFor(note, avx512: false, integerPairs: false, fusedMultiplyAdd: false));
        Assert.Equal(StyleNetPrecision.Bf16, StyleNetVelocityStage.PrecisionFor(large, avx512: false, integerPairs: false, fusedMultiplyAdd: false));
    }

    [Theory]
    [InlineData("stylenet-note.json", 0f, StyleNetPrecision.Bf16)]
    [InlineData("stylenet-note.json", 0.5f, StyleNetPrecision.Bf16)]
    [InlineData("stylenet-note-large.json", 0f, StyleNetPrecision.Bf16)]
    [InlineData("stylenet-note.json", 0f, StyleNetPrecision.Int16)]
    [InlineData("stylenet-note.json", 0.5f, StyleNetPrecision.Int16)]
    [InlineData("stylenet-note-large.json", 0f, StyleNetPrecision.Int16)]
    public void Test_split_performances_get_the_float_paths_velocities(string card, float lookaheadSeconds, StyleNetPrecision precision)
    {
        var reference = NoteStyleNet.Load(RepoPaths.InRepo("models", card));
        Assert.Equal(StyleNetPrecision.Fp32, reference.Precision);
        var engine = reference.WithPrecision(precision);
        var failures = new List<string>();
        var compared = 0;
        var boundary = 0;
        var maxDiff = 0f;
        var sumDiff = 0.0;
        foreach (var path in TestPerformances.Paths().Take(Files))
        {
            var file = MidiFile.Read(path, ReadingSettings.Lenient);
            MidiHumanizer.Apply(file, (notes, _, velocities) =>
            {
                var expected = new float[notes.Length];
                reference.Predict(notes, lookaheadSeconds, StyleNetStyle.Classical, expected);
                engine.Predict(notes, lookaheadSeconds, StyleNetStyle.Classical, velocities);
                for (var i = 0; i < notes.Length; i++)
                {
                    compared++;
                    maxDiff = Math.Max(maxDiff, Math.Abs(velocities[i] - expected[i]));
                    sumDiff += Math.Abs(velocities[i] - expected[i]);
                    if ((int)MathF.Round(velocities[i]) == (int)MathF.Round(expected[i]))
                    {
                        continue;
                    }

                    if (Math.Abs(expected[i] - MathF.Floor(expected[i]) - 0.5f) <= Tolerance)
                    {
                        boundary++;
                    }
                    else
                    {
                        failures.Add($"{Path.GetFileName(path)} note {i}: {precision} {velocities[i]}, float {expected[i]}");
                    }
                }
            }, new MidiHumanizerOptions { LookaheadSeconds = lookaheadSeconds });
        }

        output.WriteLine($"{card} look-ahead {lookaheadSeconds} s, {precision}: {compared} notes, {boundary} rounded the other way at a boundary, "
            + $"drift mean {sumDiff / compared:F4} largest {maxDiff:F4}");
        Assert.True(compared > 3000, $"only {compared} notes compared");
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} velocities differ:\n{string.Join("\n", failures.Take(10))}");
        Assert.True(maxDiff <= Tolerance, $"largest drift {maxDiff} velocity units");
        Assert.True(boundary <= compared / 50, $"{boundary} of {compared} velocities rounded the other way on a rounding boundary");
    }
}
