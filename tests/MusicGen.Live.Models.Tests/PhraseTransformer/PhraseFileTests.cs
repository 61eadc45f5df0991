using MusicGen.Live.Midi;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Models.Tests.PhraseTransformer;

public sealed class PhraseFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "phrase-tests-" + Guid.NewGuid().ToString("N"));

    public PhraseFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SavedModelLoadsAndScoresTheSame()
    {
        var config = PhraseTestData.Small();
        var model = PhraseTransformerModel.Random(new Random(31), config);
        var stem = Path.Combine(_dir, "m");
        var card = PhraseTransformerFile.Save(stem, model.ToNamedTensors(), PhraseTransformerFile.NewCard(config));
        Assert.Equal(64, card.Sha256.Length);
        var (loaded, _) = PhraseTransformerFile.Load(stem);
        var tokens = PhraseTestData.RandomTokens(model.Encoding, 10, 32);
        var a = new PhraseRunState(config);
        var b = new PhraseRunState(config);
        foreach (var t in tokens)
        {
            model.Observe(t, a);
            loaded.Observe(t, b);
        }

        Assert.Equal(a.Hidden, b.Hidden);
    }

    [Fact]
    public void CorruptWeightsOrMismatchedConfigAreRejectedNamingTheFile()
    {
        var config = PhraseTestData.Small();
        var stem = Path.Combine(_dir, "m");
        PhraseTransformerFile.Save(stem, PhraseTransformerModel.Random(new Random(33), config).ToNamedTensors(), PhraseTransformerFile.NewCard(config));
        var bytes = File.ReadAllBytes(stem + ".safetensors");
        bytes[^1] ^= 0x55;
        File.WriteAllBytes(stem + ".safetensors", bytes);
        Assert.Contains("SHA-256", Assert.Throws<ModelFileException>(() => PhraseTransformerFile.Load(stem)).Message, StringComparison.Ordinal);

        // A card whose config does not match the tensors: the tensor shape check names the tensor.
        PhraseTransformerFile.Save(stem, PhraseTransformerModel.Random(new Random(34), config).ToNamedTensors(), PhraseTransformerFile.NewCard(config with { ModelDim = 64 }));
        var e = Assert.Throws<ModelFileException>(() => PhraseTransformerFile.Load(stem));
        Assert.Contains("m.safetensors", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EventsSurviveAMidiRoundTripWithinATick()
    {
        var events = new List<PhraseEvent>
        {
            PhraseEvent.Note(0.5, 60, 0.4, 80),
            PhraseEvent.Note(0, 64, 0.4, 70),
            PhraseEvent.Pedal(0.1, true),
            PhraseEvent.Note(0.3, 67, 1.2, 90),
            PhraseEvent.Pedal(0.9, false),
            PhraseEvent.Note(0.2, 72, 0.25, 60),
        };
        var file = new MidiFile(1, MidiDivision.FromTicksPerQuarterNote(480));
        PhraseMidi.AddTrack(file, events.ToArray(), 0, "test");
        var back = PhraseMidi.ReadEvents(MidiFile.Read(file.ToBytes()));
        Assert.Equal(events.Count, back.Count);
        const double Tick = 0.5 / 480;
        var a = PhraseMidi.Onsets(events.ToArray());
        var b = PhraseMidi.Onsets(back.ToArray());
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(events[i].Kind, back[i].Kind);
            Assert.Equal(events[i].Pitch, back[i].Pitch);
            Assert.Equal(events[i].Velocity, back[i].Velocity);
            Assert.Equal(a[i], b[i], Tick);
            Assert.Equal(events[i].Duration, back[i].Duration, 2 * Tick);
        }
    }
}
