using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// The windows of one row for the two-sample discriminator: each piece cut into consecutive
/// <see cref="DiscriminatorFeatures.Window"/>-note windows (a shorter tail left out), each window's features taken
/// once with the pianist's velocities and once with the model's. One slot per piece, so the order (and the fitted
/// discriminator) does not depend on which worker finished first. Threading: each slot is written by the piece's
/// worker; read after the run.
/// </summary>
public sealed class DiscriminatorWindows(int pieces)
{
    private readonly float[][][] _pianist = new float[pieces][][];
    private readonly float[][][] _model = new float[pieces][][];

    public int Pieces => _pianist.Length;

    public void Record(int piece, ReadOnlySpan<StyleNetNote> notes, ReadOnlySpan<float> model, ReadOnlySpan<float> pianist)
    {
        var count = notes.Length / DiscriminatorFeatures.Window;
        var p = new float[count][];
        var m = new float[count][];
        for (var w = 0; w < count; w++)
        {
            var range = new Range(w * DiscriminatorFeatures.Window, (w + 1) * DiscriminatorFeatures.Window);
            p[w] = new float[DiscriminatorFeatures.Count];
            m[w] = new float[DiscriminatorFeatures.Count];
            DiscriminatorFeatures.Compute(notes[range], pianist[range], p[w]);
            DiscriminatorFeatures.Compute(notes[range], model[range], m[w]);
        }

        (_pianist[piece], _model[piece]) = (p, m);
    }

    /// <summary>Feature rows and labels (1: pianist, 0: model) of the pieces <paramref name="keep"/> selects, in piece order.</summary>
    public (float[][] Features, bool[] Pianist) Samples(Func<int, bool>? keep = null)
    {
        var features = new List<float[]>();
        var labels = new List<bool>();
        for (var i = 0; i < Pieces; i++)
        {
            if (_pianist[i] is null || (keep is not null && !keep(i)))
            {
                continue;
            }

            features.AddRange(_pianist[i]);
            labels.AddRange(Enumerable.Repeat(true, _pianist[i].Length));
            features.AddRange(_model[i]);
            labels.AddRange(Enumerable.Repeat(false, _model[i].Length));
        }

        return ([.. features], [.. labels]);
    }
}
