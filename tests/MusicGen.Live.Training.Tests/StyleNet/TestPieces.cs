using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Tests.StyleNet;

/// <summary>Small pieces for the StyleNet training and evaluation tests (seeded where random, so failures reproduce).</summary>
internal static class TestPieces
{
    /// <summary>One note per velocity, 0.1 s apart, all middle C: the velocities are the whole story (nasap test split).</summary>
    public static StyleNetPiece Flat(string name, byte[] velocities)
    {
        var notes = velocities.Select((_, i) => new StyleNetNote(i * 0.1, 0.1, 60, false, float.NaN, false)).ToArray();
        return new StyleNetPiece(name, "nasap", "test", StyleNetStyle.Classical, notes, velocities, notes, velocities, 0.5);
    }

    /// <summary>
    /// <paramref name="count"/> notes <paramref name="step"/> s apart at random pitches whose velocity follows the pitch
    /// (<paramref name="velocity"/> of the pitch and the generator): something a few steps of training can pick up.
    /// </summary>
    public static StyleNetPiece PitchLed(string name, string dataset, string split, int seed, int count, double step, double duration, Func<int, Random, int> velocity)
    {
        var rng = new Random(seed);
        var notes = new StyleNetNote[count];
        var vel = new byte[count];
        for (var i = 0; i < notes.Length; i++)
        {
            var pitch = rng.Next(30, 100);
            notes[i] = new StyleNetNote(i * step, duration, (byte)pitch, false, float.NaN, false);
            vel[i] = (byte)Math.Clamp(velocity(pitch, rng), 1, 127);
        }

        return new StyleNetPiece(name, dataset, split, dataset == "pop909" ? StyleNetStyle.Pop : StyleNetStyle.Classical, notes, vel, notes, vel, 0.5);
    }
}
