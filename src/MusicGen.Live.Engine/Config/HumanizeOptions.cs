namespace MusicGen.Live.Engine.Config;

public sealed class HumanizeOptions
{
    public HumanizeMode Mode { get; set; } = HumanizeMode.Causal;

    /// <summary>0 = the input's velocity, 1 = the stage's velocity; between: a blend.</summary>
    public double Amount { get; set; } = 1.0;

    /// <summary>Look-ahead mode: the fixed delay added to the player's notes (reported in the console and bench).</summary>
    public double LookaheadMs { get; set; } = 120;

    /// <summary>
    /// Show StyleNet the incoming velocities as the dynamics to perform (sequencer and DAW parts); off for a
    /// player, whose velocities are replaced. A model from before input dynamics ignores it.
    /// </summary>
    public bool InputDynamics { get; set; }

    /// <summary>
    /// How far the StyleNet stage restores a pianist's dynamic range (see VelocityExpression): 0 = the model's own
    /// MAE-optimal velocities, up to 1.5. Null (the default): the chosen model's own live expression
    /// (<see cref="VelocityModel.LiveExpression"/>), chosen on nasap valid per model.
    /// </summary>
    public double? Expression { get; set; }

    /// <summary>The expression the stage starts at: <see cref="Expression"/>, or the model's own where that is null.</summary>
    public double EffectiveExpression => Expression ?? VelocityModel.LiveExpression(Model);

    /// <summary>Which shipped note StyleNet the velocity stage runs: a name from <see cref="VelocityModel.Names"/>.</summary>
    public string Model { get; set; } = VelocityModel.Default;
}
