using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Tensors.Autograd.Ops;

/// <summary>
/// Saved state of one direction of an <see cref="LstmLayerOp"/>, reused across steps.
/// Time index t is always the sequence position; block k of <see cref="H"/>/<see cref="C"/> is [B, H].
/// Forward direction: block t holds the state before step t (block 0 = zeros), block t+1 the state after.
/// Reverse direction: block t+1 holds the state before step t (block T = zeros), block t the state after.
/// So for both, the T "previous state" blocks are contiguous (from block 0 or 1), which lets backward form
/// dW_hh as one product. Methods work on a batch slice [b0, b1) so slices can run on different threads.
/// </summary>
internal sealed class LstmDirectionState
{
    private float[] _bias = [];
    private float[] _scratch = [];
    private float[] _dh = [];
    private float[] _dc = [];

    /// <summary>[T, B, 4H]: pre-activations, then activations (i, f, g, o) after forward, then gate gradients after backward.</summary>
    public float[] Gates { get; private set; } = [];

    /// <summary>W_hh packed for <see cref="PanelGemm"/>: as W_hhᵀ [H, 4H] in forward, as W_hh [4H, H] in backward.</summary>
    public float[] PackedW { get; private set; } = [];

    /// <summary>[T+1, B, H] hidden states (see class remarks for the block order).</summary>
    public float[] H { get; private set; } = [];

    /// <summary>[T+1, B, H] cell states, same layout as <see cref="H"/>.</summary>
    public float[] C { get; private set; } = [];

    public void Ensure(int t, int b, int h)
    {
        Grow(ref _bias, 4 * h);
        var gates = Gates;
        Grow(ref gates, t * b * 4 * h);
        Gates = gates;
        var hs = H;
        Grow(ref hs, (t + 1) * b * h);
        H = hs;
        var cs = C;
        Grow(ref cs, (t + 1) * b * h);
        C = cs;
        Grow(ref _scratch, 2 * b * h);
        var packed = PackedW;
        Grow(ref packed, Math.Max(PanelGemm.PackedLength(h, 4 * h), PanelGemm.PackedLength(4 * h, h)));
        PackedW = packed;
        Grow(ref _dh, b * h);
        Grow(ref _dc, b * h);
    }

    /// <summary>Scratch of length 4H (summed biases in forward, bias gradient in backward).</summary>
    public Span<float> BiasScratch(int g4) => _bias.AsSpan(0, g4);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ForwardSteps(float[] y, int dir, int dirCount, int t, int b, int h, int b0, int b1)
    {
        var g4 = 4 * h;
        var nb = b1 - b0;
        var reverse = dir == 1;
        var zeroBlock = reverse ? t : 0;
        H.AsSpan((zeroBlock * b * h) + (b0 * h), nb * h).Clear();
        C.AsSpan((zeroBlock * b * h) + (b0 * h), nb * h).Clear();
        var tanhC = _scratch.AsSpan(b0 * h, h);
        var yStride = dirCount * h;
        for (var s = 0; s < t; s++)
        {
            var ti = reverse ? t - 1 - s : s;
            var prev = reverse ? ti + 1 : ti;
            var next = reverse ? ti : ti + 1;
            var gOff = ((ti * b) + b0) * g4;
            PanelGemm.Run(H.AsSpan((prev * b * h) + (b0 * h)), h, PackedW, Gates.AsSpan(gOff), g4, nb, h, g4, accumulate: true);
            for (var r = 0; r < nb; r++)
            {
                var g = Gates.AsSpan(gOff + (r * g4), g4);
                var gi = g[..h];
                var gf = g.Slice(h, h);
                var gg = g.Slice(2 * h, h);
                var go = g.Slice(3 * h, h);
                TensorPrimitives.Sigmoid(gi, gi);
                TensorPrimitives.Sigmoid(gf, gf);
                TensorPrimitives.Tanh(gg, gg);
                TensorPrimitives.Sigmoid(go, go);
                var cPrev = C.AsSpan((prev * b * h) + ((b0 + r) * h), h);
                var cNext = C.AsSpan((next * b * h) + ((b0 + r) * h), h);
                var hNext = H.AsSpan((next * b * h) + ((b0 + r) * h), h);
                TensorPrimitives.Multiply(gf, cPrev, cNext);
                MultiplyAccumulate.Run(gi, gg, cNext);
                TensorPrimitives.Tanh(cNext, tanhC);
                TensorPrimitives.Multiply(go, tanhC, hNext);
                hNext.CopyTo(y.AsSpan((((ti * b) + b0 + r) * yStride) + (dir * h), h));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void BackwardSteps(float[] dy, int dir, int dirCount, int t, int b, int h, int b0, int b1)
    {
        var g4 = 4 * h;
        var nb = b1 - b0;
        var reverse = dir == 1;
        var dhRec = _dh.AsSpan(b0 * h, nb * h);
        var dcRec = _dc.AsSpan(b0 * h, nb * h);
        dhRec.Clear();
        dcRec.Clear();
        var tanhC = _scratch.AsSpan(b0 * h, h);
        var yStride = dirCount * h;
        for (var s = t - 1; s >= 0; s--)
        {
            var ti = reverse ? t - 1 - s : s;
            var prev = reverse ? ti + 1 : ti;
            var next = reverse ? ti : ti + 1;
            var gOff = ((ti * b) + b0) * g4;
            for (var r = 0; r < nb; r++)
            {
                var g = Gates.AsSpan(gOff + (r * g4), g4);
                var cPrev = C.AsSpan((prev * b * h) + ((b0 + r) * h), h);
                var cNext = C.AsSpan((next * b * h) + ((b0 + r) * h), h);
                var dyRow = dy.AsSpan((((ti * b) + b0 + r) * yStride) + (dir * h), h);
                var dhr = dhRec.Slice(r * h, h);
                var dcr = dcRec.Slice(r * h, h);
                TensorPrimitives.Tanh(cNext, tanhC);
                for (var j = 0; j < h; j++)
                {
                    var i = g[j];
                    var f = g[h + j];
                    var gg = g[(2 * h) + j];
                    var o = g[(3 * h) + j];
                    var tc = tanhC[j];
                    var dh = dyRow[j] + dhr[j];
                    var dc = dcr[j] + (dh * o * (1f - (tc * tc)));
                    g[j] = dc * gg * i * (1f - i);
                    g[h + j] = dc * cPrev[j] * f * (1f - f);
                    g[(2 * h) + j] = dc * i * (1f - (gg * gg));
                    g[(3 * h) + j] = dh * tc * o * (1f - o);
                    dcr[j] = dc * f;
                }
            }

            // dh for the step before: dGates_t · W_hh, [nb, 4H]·[4H, H].
            PanelGemm.Run(Gates.AsSpan(gOff), g4, PackedW, dhRec, h, nb, g4, h, accumulate: false);
        }
    }

    private static void Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }
    }
}
