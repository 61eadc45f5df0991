using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Tensors.Layers;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.Tests.StyleNet;

/// <summary>Random models and note sequences for StyleNet tests (seeded, so failures reproduce).</summary>
internal static class StyleNetTestData
{
    public static NoteStyleNetConfig SmallNote(int refresh = 0) => new() { Hidden = 12, Layers = 2, HeadHidden = 6, StateRefresh = refresh };

    public static NamedTensors NoteTensors(NoteStyleNetConfig config, int seed = 1) => NoteStyleNetWeights.Random(new Random(seed), config);

    public static NoteStyleNet Note(int refresh = 0) => NoteStyleNet.FromTensors(NoteTensors(SmallNote(refresh)), SmallNote(refresh));

    public static ArticleStyleNetConfig SmallArticle() => new() { Hidden = 8, GenreLayers = 1, Window = 16 };

    public static NamedTensors ArticleTensors(ArticleStyleNetConfig config, int seed = 2)
    {
        var rng = new Random(seed);
        var t = new NamedTensors();
        var genre = new LstmConfig(PianoRoll16.Inputs, config.Hidden, config.GenreLayers, Bidirectional: true);
        LstmWeights.Random(rng, genre).AddTo(t, "classical.");
        LstmWeights.Random(rng, genre).AddTo(t, "pop.");
        LstmWeights.Random(rng, new LstmConfig(2 * config.Hidden, config.Hidden, 1, Bidirectional: true)).AddTo(t, "interp.");
        Linear.Random(rng, 2 * config.Hidden, PianoRoll16.Keys).AddTo(t, "out.");
        return t;
    }

    /// <summary>A played-like sequence: chords, runs, pedal changes, some beat information, onset-ordered.</summary>
    public static StyleNetNote[] Notes(int count, int seed = 3, bool beats = true)
    {
        var rng = new Random(seed);
        var notes = new StyleNetNote[count];
        var t = 0.0;
        for (var i = 0; i < count; i++)
        {
            t += rng.Next(4) == 0 ? rng.NextDouble() * 0.02 : rng.NextDouble() * 0.4;
            // Not one of the last 12 pitches, so a key is never re-struck within a chord.
            int pitch;
            do
            {
                pitch = rng.Next(30, 100);
            }
            while (notes.AsSpan(Math.Max(0, i - 12), i - Math.Max(0, i - 12)).ToArray().Any(n => n.Pitch == pitch));

            notes[i] = new StyleNetNote(t, 0.05 + (rng.NextDouble() * 1.5), (byte)pitch, rng.Next(3) == 0, beats ? (float)rng.NextDouble() : float.NaN, rng.Next(8) == 0);
        }

        // A key cannot sound twice at once: end each note before its pitch is struck again (as MIDI pairing would).
        for (var i = 0; i < count; i++)
        {
            for (var j = i + 1; j < count && notes[j].OnsetSeconds < notes[i].OnsetSeconds + notes[i].DurationSeconds; j++)
            {
                if (notes[j].Pitch == notes[i].Pitch)
                {
                    notes[i] = notes[i] with { DurationSeconds = Math.Max(0, notes[j].OnsetSeconds - notes[i].OnsetSeconds - 0.001) };
                    break;
                }
            }
        }

        return notes;
    }
}
