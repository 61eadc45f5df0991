using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// One layer and direction of an LSTM over a batch of sequences, from a given state (or zero): what
/// <see cref="Lstm.Forward"/> runs per layer and direction, exposed for callers that wire layers themselves (a
/// bidirectional model whose backward direction may read only a bounded window of the future, where each note's window
/// is its own sequence, stored reversed). A sequence shorter than <c>steps</c> is padded at its
/// end: steps past its length compute values the caller ignores, and never reach its earlier steps.
/// Threading: the caller's thread; no allocation.
/// </summary>
public static class LstmDirection
{
    /// <summary>
    /// x [batch, steps, in] → y [batch, steps, hidden] through LSTM <paramref name="index"/> (layer·directions + direction)
    /// of <paramref name="weights"/>, starting from <paramref name="h0"/>/<paramref name="c0"/> [batch, hidden] (empty: zero).
    /// y's rows lie <paramref name="yStride"/> floats apart (hidden for a plain output; for a direction's half of a
    /// bidirectional layer's output, the slice at its offset and the layer's width). With <paramref name="reverse"/> the
    /// steps run from last to first, as PyTorch's backward direction does. <paramref name="cOut"/> [batch, steps, hidden],
    /// when not empty, receives each step's cell state, so a later call can resume from any step.
    /// <paramref name="gates"/> [batch·steps·4·hidden], <paramref name="h"/> and <paramref name="c"/> [batch·hidden] are scratch.
    /// </summary>
    public static void Run(
        LstmWeights weights,
        int index,
        ReadOnlySpan<float> x,
        int batch,
        int steps,
        ReadOnlySpan<float> h0,
        ReadOnlySpan<float> c0,
        Span<float> y,
        int yStride,
        bool reverse,
        Span<float> cOut,
        Span<float> gates,
        Span<float> h,
        Span<float> c)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var cfg = weights.Config;
        if ((uint)index >= (uint)(cfg.NumLayers * cfg.Directions))
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"LSTM has {cfg.NumLayers * cfg.Directions} layer-directions");
        }

        var hidden = cfg.HiddenSize;
        var g4 = 4 * hidden;
        var inSize = cfg.LayerInputSize(index / cfg.Directions);
        var rows = batch * steps;
        if (batch <= 0 || steps <= 0 || x.Length < rows * inSize || yStride < hidden || y.Length < ((rows - 1) * yStride) + hidden || gates.Length < rows * g4
            || h.Length < batch * hidden || c.Length < batch * hidden || (!cOut.IsEmpty && cOut.Length < rows * hidden)
            || (!h0.IsEmpty && h0.Length < batch * hidden) || (!c0.IsEmpty && c0.Length < batch * hidden))
        {
            throw new ArgumentException($"LSTM direction: a buffer is shorter than [{batch}, {steps}, {inSize}→{hidden}] needs");
        }

        gates = gates[..(rows * g4)];
        h = h[..(batch * hidden)];
        c = c[..(batch * hidden)];
        MatMul.Run(x[..(rows * inSize)], weights.WeightIh[index].Data, gates, rows, inSize, g4, MatMulOptions.TransposeB);
        Elementwise.AddRowBias(gates, weights.BiasIh[index].Data, rows, g4);
        Elementwise.AddRowBias(gates, weights.BiasHh[index].Data, rows, g4);
        var fromState = !h0.IsEmpty;
        if (fromState)
        {
            h0[..h.Length].CopyTo(h);
            c0[..c.Length].CopyTo(c);
        }
        else
        {
            h.Clear();
            c.Clear();
        }

        var whh = weights.WeightHh[index].Data;
        for (var s = 0; s < steps; s++)
        {
            var t = reverse ? steps - 1 - s : s;
            if (s > 0 || fromState)
            {
                MatMul.RunStrided(h, hidden, whh, hidden, gates[(t * g4)..], steps * g4, batch, hidden, g4, MatMulOptions.TransposeB | MatMulOptions.Accumulate);
            }

            for (var b = 0; b < batch; b++)
            {
                var row = (b * steps) + t;
                var hb = h.Slice(b * hidden, hidden);
                var cb = c.Slice(b * hidden, hidden);
                LstmCell.Run(gates.Slice(row * g4, g4), cb, cb, hb, 1, hidden);
                hb.CopyTo(y.Slice(row * yStride, hidden));
                if (!cOut.IsEmpty)
                {
                    cb.CopyTo(cOut.Slice(row * hidden, hidden));
                }
            }
        }
    }
}
