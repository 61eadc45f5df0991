namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// A velocity model with <see cref="VelocityExpression"/> applied to its output: around the centred local mean when the
/// model reads the whole file anyway, around the mean of past notes otherwise (a bounded model's note then still reads
/// nothing beyond its look-ahead, and the causal case is exactly the live engine's). What <c>humanize</c> and
/// <c>eval stylenet --expression</c> run. Threading: immutable, as the model it wraps.
/// </summary>
public sealed class ExpressiveVelocityModel : INoteVelocityModel
{
    private readonly INoteVelocityModel _model;

    public ExpressiveVelocityModel(INoteVelocityModel model, float expression, int window = VelocityExpression.DefaultWindow)
    {
        ArgumentNullException.ThrowIfNull(model);
        VelocityExpression.Validate(expression);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _model = model;
        Expression = expression;
        Window = window;
    }

    public float Expression { get; }

    public int Window { get; }

    public bool ReadsInputDynamics => _model.ReadsInputDynamics;

    public bool ReadsWholeFile => _model.ReadsWholeFile;

    public INoteVelocityModel WithinLookahead() => ReadsWholeFile ? new ExpressiveVelocityModel(_model.WithinLookahead(), Expression, Window) : this;

    public void Predict(ReadOnlySpan<StyleNetNote> notes, float lookaheadSeconds, StyleNetStyle style, Span<float> velocities)
    {
        _model.Predict(notes, lookaheadSeconds, style, velocities);
        var own = velocities[..notes.Length];
        if (ReadsWholeFile)
        {
            VelocityExpression.ApplyCentred(own, Expression, Window);
        }
        else
        {
            VelocityExpression.ApplyCausal(own, Expression, Window);
        }
    }
}
