using MusicGen.Live.Midi;
using MusicGen.Live.Models.Onnx;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;
using Xunit.Abstractions;

namespace MusicGen.Live.Models.Tests.Onnx;

/// <summary>
/// The shipped streaming note StyleNets on ONNX Runtime against the native runtime, on test-split performances:
/// the same velocities within 1e-4 whole-file (humanize) and live (the streamer), causal and with look-ahead.
/// </summary>
public sealed class OrtNoteStyleNetTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-4f;

    public static TheoryData<string> Cards() => new("stylenet-note", "stylenet-note-large");

    [Theory]
    [MemberData(nameof(Cards))]
    public void Velocities_match_the_native_runtime_on_test_split_files(string name)
    {
        var card = RepoPaths.InRepo("models", name + ".json");
        var native = NoteStyleNet.Load(card);
        using var ort = OrtNoteStyleNet.Load(card, OnnxDevice.Cpu);
        Assert.Equal("onnx cpu", ort.Runtime);
        var worst = 0f;
        var count = 0;
        foreach (var (path, file) in TestSplitPrompts.Files(2))
        {
            foreach (var lookahead in new[] { 0f, 0.12f })
            {
                MidiHumanizer.Apply(file, (notes, _, velocities) =>
                {
                    var a = new float[notes.Length];
                    native.Predict(notes, lookahead, StyleNetStyle.Classical, a);
                    ort.Predict(notes, lookahead, StyleNetStyle.Classical, velocities);
                    for (var i = 0; i < notes.Length; i++)
                    {
                        var d = Math.Abs(a[i] - velocities[i]);
                        worst = Math.Max(worst, d);
                        Assert.True(d <= Tolerance, $"{path} note {i} look-ahead {lookahead}: native {a[i]}, onnx {velocities[i]}");
                    }

                    count += notes.Length;
                }, new MidiHumanizerOptions());
            }
        }

        Assert.True(count > 1000, $"only {count} notes compared");
        output.WriteLine($"{name}: {count} velocities compared, largest difference {worst:E2}");
    }

    [Fact]
    public void A_live_stream_on_onnx_gives_the_native_streams_velocities()
    {
        var card = RepoPaths.InRepo("models", "stylenet-note.json");
        var native = NoteStyleNet.Load(card);
        using var ort = OrtNoteStyleNet.Load(card, OnnxDevice.Cpu);
        using var step = ort.CreateStep();
        var a = native.CreateStream(Lookahead.FromSeconds(0.12f), StyleNetStyle.Classical);
        var b = new NoteStyleNetStreamer(step, Lookahead.FromSeconds(0.12f), StyleNetStyle.Classical);
        Assert.Equal("onnx cpu", b.Runtime);
        var (_, file) = TestSplitPrompts.Files(1)[0];
        var notes = file.GetNotes().OrderBy(n => n.OnsetSeconds).Take(600).ToArray();
        var taken = 0;
        foreach (var n in notes)
        {
            a.NoteOn(n.OnsetSeconds, n.Pitch, pedal: false);
            b.NoteOn(n.OnsetSeconds, n.Pitch, pedal: false);
            while (a.TryTake(n.OnsetSeconds, out var ida, out var va))
            {
                Assert.True(b.TryTake(n.OnsetSeconds, out var idb, out var vb));
                Assert.Equal(ida, idb);
                Assert.Equal(va, vb);
                taken++;
            }

            Assert.False(b.TryTake(n.OnsetSeconds, out _, out _));
        }

        Assert.True(taken > 500, $"only {taken} velocities taken");
    }

    [Fact]
    public void Steps_allocate_nothing()
    {
        using var ort = OrtNoteStyleNet.Load(RepoPaths.InRepo("models", "stylenet-note.json"), OnnxDevice.Cpu);
        using var step = ort.CreateStep();
        var stream = new NoteStyleNetStreamer(step, Lookahead.Causal, StyleNetStyle.Classical);
        for (var i = 0; i < 50; i++)
        {
            stream.NoteOn(i * 0.1, 60 + (i % 12), false);
            stream.TryTake(i * 0.1, out _, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 50; i < 250; i++)
        {
            stream.NoteOn(i * 0.1, 60 + (i % 12), false);
            stream.NoteOff(60 + (i % 12), (i * 0.1) + 0.05);
            Assert.True(stream.TryTake(i * 0.1, out _, out _));
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
