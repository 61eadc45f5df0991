namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Scratch for <see cref="Lstm.Forward"/>, allocated once for at most <see cref="MaxBatch"/> sequences of
/// <see cref="MaxSteps"/> steps. Owned by one thread at a time.
/// </summary>
public sealed class LstmRunState
{
    public LstmRunState(LstmConfig config, int maxBatch, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (maxBatch <= 0 || maxSteps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBatch), $"LSTM run state needs positive batch ({maxBatch}) and steps ({maxSteps})");
        }

        MaxBatch = maxBatch;
        MaxSteps = maxSteps;
        var rows = maxBatch * maxSteps;
        Gates = new float[rows * 4 * config.HiddenSize];
        LayerOutA = new float[rows * config.OutputSize];
        LayerOutB = new float[rows * config.OutputSize];
        H = new float[maxBatch * config.HiddenSize];
        C = new float[maxBatch * config.HiddenSize];
    }

    public int MaxBatch { get; }

    public int MaxSteps { get; }

    /// <summary>(batch, step, 4·hidden): input projections, then each step's recurrent term added in place.</summary>
    internal float[] Gates { get; }

    /// <summary>(batch, step, dirs·hidden): output of even layers below the last.</summary>
    internal float[] LayerOutA { get; }

    /// <summary>(batch, step, dirs·hidden): output of odd layers below the last.</summary>
    internal float[] LayerOutB { get; }

    /// <summary>(batch, hidden): hidden state of the direction being run.</summary>
    internal float[] H { get; }

    /// <summary>(batch, hidden): cell state of the direction being run.</summary>
    internal float[] C { get; }
}
