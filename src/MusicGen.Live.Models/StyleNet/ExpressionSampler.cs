namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The per-note part of <see cref="VelocityExpression"/>: given a model velocity, the local mean it is scaled around and
/// the part of its deviation the local regression on pitch explains, the velocity to play. The first note of a chord
/// (onsets within <see cref="ChordSeconds"/> of it) has its pitch part scaled by the pitch scale and the rest of its
/// deviation by <c>k</c>; a later note of the chord has its distance from that first note scaled by the chord scale
/// instead of <c>k</c>; then an autocorrelated sample (AR(1) with Laplace innovations, unit variance times <see cref="ExpressionShape.Noise"/>) of
/// what a pianist adds that no model can predict. Expression 0 returns the model's velocity as it is, byte for byte.
/// The random stream is the sampler's own (SplitMix64), so a seed gives the same velocities on every machine and .NET
/// version. Reads nothing after the note it is given: the same class serves files and the live engine.
/// </summary>
/// <remarks>Threading: one stream, one thread (the engine thread live). No allocation per note.</remarks>
public sealed class ExpressionSampler
{
    /// <summary>Notes whose onsets lie within this of a chord's first note belong to that chord.</summary>
    public const double ChordSeconds = 0.03;

    private readonly ExpressionShape _shape;
    private ulong _seed;
    private ulong _state;
    private float _noise;
    private double _anchorOnset = double.NegativeInfinity;
    private float _anchorVelocity;

    public ExpressionSampler(ulong seed, ExpressionShape shape)
    {
        shape.Validate();
        _shape = shape;
        Reset(seed);
    }

    public ExpressionShape Shape => _shape;

    /// <summary>Starts the stream again from <paramref name="seed"/> (a new file or session).</summary>
    public void Reset(ulong seed)
    {
        _seed = seed;
        _state = seed;
        _noise = float.NaN;
        _anchorOnset = double.NegativeInfinity;
    }

    /// <summary>Starts the stream again from the seed it was last given.</summary>
    public void Reset() => Reset(_seed);

    /// <summary>
    /// The velocity to play for model velocity <paramref name="velocity"/> around local mean <paramref name="mean"/>, of whose
    /// deviation <paramref name="pitchPart"/> is explained by pitch, within 1–127; <paramref name="onsetSeconds"/> NaN when
    /// unknown (no chord is then formed).
    /// </summary>
    public float Next(float velocity, float mean, float pitchPart, double onsetSeconds, float expression)
    {
        if (expression == 0)
        {
            return velocity;
        }

        // Written as the uniform scale plus what the pitch and chord scales change, so a shape whose three scales are equal
        // gives exactly the single-scale result.
        var k = 1 + (expression * (_shape.Scale - 1));
        var shaped = mean + (k * (velocity - mean));
        if (_shape.PitchScale != _shape.Scale)
        {
            shaped += expression * (_shape.PitchScale - _shape.Scale) * pitchPart;
        }

        if (onsetSeconds - _anchorOnset <= ChordSeconds)
        {
            if (_shape.ChordScale != _shape.Scale)
            {
                shaped += expression * (_shape.ChordScale - _shape.Scale) * (velocity - _anchorVelocity);
            }
        }
        else if (!double.IsNaN(onsetSeconds))
        {
            _anchorOnset = onsetSeconds;
            _anchorVelocity = velocity;
        }

        if (_shape.Noise > 0)
        {
            var rho = _shape.Correlation;
            var innovation = UnitLaplace();
            _noise = float.IsNaN(_noise) ? innovation : (rho * _noise) + (MathF.Sqrt(1 - (rho * rho)) * innovation);
            shaped += expression * _shape.Noise * _noise;
        }

        return Math.Clamp(shaped, 1f, 127f);
    }

    /// <summary>
    /// The part of a velocity's deviation from the local mean that pitch explains: the least-squares slope of velocity on
    /// pitch over the local notes (sums of <paramref name="count"/> notes' velocity, pitch, pitch² and pitch·velocity) times
    /// the note's pitch distance from their mean pitch; 0 where the local pitches do not vary.
    /// </summary>
    public static float PitchPart(double count, double sumV, double sumP, double sumPP, double sumPV, int pitch)
    {
        var meanP = sumP / count;
        var varP = (sumPP / count) - (meanP * meanP);
        return varP > 1e-6 ? (float)(((sumPV / count) - (meanP * sumV / count)) / varP * (pitch - meanP)) : 0f;
    }

    /// <summary>A Laplace sample of unit variance (scale 1/√2), by the inverse of its distribution function.</summary>
    private float UnitLaplace()
    {
        // SplitMix64: a fixed, portable sequence for a seed.
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        var u = ((z >> 11) + 0.5) / (1UL << 53); // (0, 1), never 0 or 1
        var laplace = u < 0.5 ? Math.Log(2 * u) : -Math.Log(2 * (1 - u));
        return (float)(laplace / Math.Sqrt(2));
    }

    /// <summary>A stream seed for one file or part: <paramref name="seed"/> mixed with what the notes are, so two parts of a file draw different samples.</summary>
    public static ulong SeedFor(ulong seed, ReadOnlySpan<StyleNetNote> notes)
    {
        var h = seed ^ ((ulong)notes.Length * 0x9E3779B97F4A7C15UL);
        for (var i = 0; i < Math.Min(notes.Length, 16); i++)
        {
            h = (h ^ notes[i].Pitch ^ ((ulong)BitConverter.DoubleToInt64Bits(notes[i].OnsetSeconds) << 8)) * 0x100000001B3UL;
        }

        return h;
    }
}
