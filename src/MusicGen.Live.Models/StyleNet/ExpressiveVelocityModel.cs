namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// A velocity model with <see cref="VelocityExpression"/> applied to its output: around the centred local mean when the
/// model reads the whole file anyway, around the mean of past notes otherwise (a bounded model's note then still reads
/// nothing beyond its look-ahead, and the causal case is exactly the live engine's). What <c>humanize</c> and
/// <c>eval stylenet --expression</c> run. Deterministic: the same notes and seed give the same velocities.
/// Threading: immutable, as the model it wraps.
/// </summary>
public sealed class ExpressiveVelocityModel : INoteVelocityModel
{
    private readonly INoteVelocityModel _model;

    public ExpressiveVelocityModel(INoteVelocityModel model, float expression, int window = VelocityExpression.DefaultWindow)
        : this(model, expression, ExpressionShape.Uniform, 0, window)
    {
    }

    /// <summary>
    /// The model with <paramref name="expression"/> of <paramref name="shape"/>; each call's sampled part from
    /// <paramref name="seed"/> mixed with its notes (<see cref="ExpressionSampler.SeedFor"/>).
    /// </summary>
    public ExpressiveVelocityModel(INoteVelocityModel model, float expression, ExpressionShape shape, ulong seed, int window = VelocityExpression.DefaultWindow)
    {
        shape.Validate();
        ArgumentNullException.ThrowIfNull(model);
        VelocityExpression.Validate(expression);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _model = model;
        Expression = expression;
        Window = window;
        Shape = shape;
        Seed = seed;
    }

    public ExpressionShape Shape { get; }

    public ulong Seed { get; }

    public float Expression { get; }

    public int Window { get; }

    public bool ReadsInputDynamics => _model.ReadsInputDynamics;

    public bool ReadsWholeFile => _model.ReadsWholeFile;

    public INoteVelocityModel WithinLookahead() => ReadsWholeFile ? new ExpressiveVelocityModel(_model.WithinLookahead(), Expression, Shape, Seed, Window) : this;

    public void Predict(ReadOnlySpan<StyleNetNote> notes, float lookaheadSeconds, StyleNetStyle style, Span<float> velocities)
    {
        _model.Predict(notes, lookaheadSeconds, style, velocities);
        var own = velocities[..notes.Length];
        if (ReadsWholeFile)
        {
            VelocityExpression.ApplyCentred(own, notes, Expression, Shape, ExpressionSampler.SeedFor(Seed, notes), Window);
        }
        else
        {
            VelocityExpression.ApplyCausal(own, notes, Expression, Shape, ExpressionSampler.SeedFor(Seed, notes), Window);
        }
    }
}
