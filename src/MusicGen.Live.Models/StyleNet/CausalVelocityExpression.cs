namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// <see cref="VelocityExpression"/> over a stream: each velocity's deviation is scaled around the mean of the model's
/// last <c>window</c> velocities (itself included), so nothing later is read. The mean is of the model's velocities
/// before scaling, so a scaled accent does not lift the notes after it. Chords and the sampled part are the
/// <see cref="ExpressionSampler"/>'s.
/// </summary>
/// <remarks>Threading: one stream, one thread (the engine thread live). Preallocated: no allocation per note.</remarks>
public sealed class CausalVelocityExpression
{
    private readonly float[] _ring;
    private readonly int[] _pitches;
    private double _sumP;
    private double _sumPP;
    private double _sumPV;
    private readonly ExpressionSampler _sampler;
    private double _sum;
    private int _count;
    private int _next;

    /// <summary>The live engine's stream: <see cref="ExpressionShape.Uniform"/>.</summary>
    public CausalVelocityExpression(int window = VelocityExpression.DefaultWindow)
        : this(window, ExpressionShape.Uniform, 0)
    {
    }

    /// <summary>A stream of <paramref name="shape"/> whose sampled part starts from <paramref name="seed"/> (again on each <see cref="Reset"/>).</summary>
    public CausalVelocityExpression(int window, ExpressionShape shape, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _ring = new float[window];
        _pitches = new int[window];
        _sampler = new ExpressionSampler(seed, shape);
    }

    /// <summary>Forgets the past velocities (a new session).</summary>
    public void Reset()
    {
        _sum = 0;
        _sumP = 0;
        _sumPP = 0;
        _sumPV = 0;
        _count = 0;
        _next = 0;
        _sampler.Reset();
    }

    /// <summary>
    /// The next model velocity <paramref name="velocity"/> with <paramref name="expression"/> applied, within 1–127;
    /// <paramref name="onsetSeconds"/> (NaN: unknown, no chord) lets notes of one chord keep their spacing, and
    /// <paramref name="pitch"/> (-1: unknown) separates the part of the deviation pitch explains.
    /// </summary>
    public float Next(float velocity, float expression, double onsetSeconds = double.NaN, int pitch = -1)
    {
        var p = Math.Max(pitch, 0);
        if (_count == _ring.Length)
        {
            int old = _pitches[_next];
            _sum -= _ring[_next];
            _sumP -= old;
            _sumPP -= old * old;
            _sumPV -= old * (double)_ring[_next];
        }
        else
        {
            _count++;
        }

        _ring[_next] = velocity;
        _pitches[_next] = p;
        _sum += velocity;
        _sumP += p;
        _sumPP += p * p;
        _sumPV += p * (double)velocity;
        _next = (_next + 1) % _ring.Length;
        var mean = (float)(_sum / _count);
        var pitchPart = pitch < 0 ? 0f : ExpressionSampler.PitchPart(_count, _sum, _sumP, _sumPP, _sumPV, pitch);
        return _sampler.Next(velocity, mean, pitchPart, onsetSeconds, expression);
    }
}
