using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// PyTorch <c>nn.LSTM(batch_first=True)</c> forward over whole sequences, multi-layer, uni- or bidirectional,
/// zero initial state: x [batch, steps, input] → y [batch, steps, dirs·hidden] (forward half first, as PyTorch).
/// Per layer and direction, one packed MatMul makes every step's input projection; the recurrence then
/// adds Whh·h (accumulating matmul straight into the strided gate rows) and runs the fused cell.
/// Threading: the caller's thread; the run state must not be shared by concurrent calls. No allocation.
/// </summary>
public static class Lstm
{
    public static void Forward(LstmWeights weights, LstmRunState state, ReadOnlySpan<float> x, Span<float> y, int batch, int steps)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(state);
        var cfg = weights.Config;
        if (batch <= 0 || steps <= 0 || batch > state.MaxBatch || steps > state.MaxSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), $"LSTM forward: batch {batch} × steps {steps} exceeds the run state's {state.MaxBatch} × {state.MaxSteps}");
        }

        var rows = batch * steps;
        if (x.Length < rows * cfg.InputSize || y.Length < rows * cfg.OutputSize)
        {
            throw new ArgumentException($"LSTM forward: x ({x.Length}) or y ({y.Length}) is shorter than [{batch}, {steps}, {cfg.InputSize}→{cfg.OutputSize}]");
        }

        var hidden = cfg.HiddenSize;
        var g4 = 4 * hidden;
        var outSize = cfg.OutputSize;
        var gates = state.Gates.AsSpan(0, rows * g4);
        var h = state.H.AsSpan(0, batch * hidden);
        var c = state.C.AsSpan(0, batch * hidden);
        for (var k = 0; k < cfg.NumLayers; k++)
        {
            var inSize = cfg.LayerInputSize(k);
            ReadOnlySpan<float> input = k == 0 ? x[..(rows * inSize)] : (((k - 1) & 1) == 0 ? state.LayerOutA : state.LayerOutB).AsSpan(0, rows * inSize);
            var output = k == cfg.NumLayers - 1 ? y[..(rows * outSize)] : ((k & 1) == 0 ? state.LayerOutA : state.LayerOutB).AsSpan(0, rows * outSize);
            for (var d = 0; d < cfg.Directions; d++)
            {
                LstmDirection.Run(weights, (k * cfg.Directions) + d, input, batch, steps, default, default, output[(d * hidden)..], outSize, reverse: d == 1, default, gates, h, c);
            }
        }
    }
}
