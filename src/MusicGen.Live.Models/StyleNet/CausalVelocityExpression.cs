namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// <see cref="VelocityExpression"/> over a stream: each velocity's deviation is scaled around the mean of the model's
/// last <c>window</c> velocities (itself included), so nothing later is read. The mean is of the model's velocities
/// before scaling, so a scaled accent does not lift the notes after it.
/// </summary>
/// <remarks>Threading: one stream, one thread (the engine thread live). Preallocated: no allocation per note.</remarks>
public sealed class CausalVelocityExpression
{
    private readonly float[] _ring;
    private double _sum;
    private int _count;
    private int _next;

    public CausalVelocityExpression(int window = VelocityExpression.DefaultWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _ring = new float[window];
    }

    /// <summary>Forgets the past velocities (a new session).</summary>
    public void Reset()
    {
        _sum = 0;
        _count = 0;
        _next = 0;
    }

    /// <summary>The next model velocity <paramref name="velocity"/> with <paramref name="expression"/> applied, within 1–127.</summary>
    public float Next(float velocity, float expression)
    {
        if (_count == _ring.Length)
        {
            _sum -= _ring[_next];
        }
        else
        {
            _count++;
        }

        _ring[_next] = velocity;
        _sum += velocity;
        _next = (_next + 1) % _ring.Length;
        var mean = (float)(_sum / _count);
        return expression == 0 ? velocity : Math.Clamp(mean + (VelocityExpression.Scale(expression) * (velocity - mean)), 1f, 127f);
    }
}
