namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Keys and values of one attention layer for the last <see cref="DecoderConfig.Window"/> positions, a ring:
/// position p lives in slot p mod window. Keys are stored already rotated at their absolute position, so
/// scores depend only on relative distance and never need recomputing. Owned by the thread that decodes.
/// </summary>
public sealed class KvCache
{
    /// <param name="config">Block shape (heads, head size, window).</param>
    /// <param name="bfloat16">Store keys and values as bfloat16 (half the bytes a decode step reads; inference only).</param>
    public KvCache(DecoderConfig config, bool bfloat16 = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var size = config.Heads * config.Window * config.HeadDim;
        if (bfloat16)
        {
            Keys = [];
            Values = [];
            CompactKeys = new ushort[size];
            CompactValues = new ushort[size];
        }
        else
        {
            Keys = new float[size];
            Values = new float[size];
        }
    }

    /// <summary>True when keys and values live in <see cref="CompactKeys"/> / <see cref="CompactValues"/>.</summary>
    public bool IsBFloat16 => CompactKeys is not null;

    /// <summary>(head, headDim, window slot) bfloat16, or null for a float cache.</summary>
    public ushort[]? CompactKeys { get; }

    /// <summary>(head, window slot, headDim) bfloat16, or null for a float cache.</summary>
    public ushort[]? CompactValues { get; }

    public DecoderConfig Config { get; }

    /// <summary>(head, headDim, window slot): keys transposed, so a step's scores are one Kᵀ·q pass over
    /// contiguous slots with no horizontal sums (<see cref="Kernels.MatVec.RunTransposed"/>).</summary>
    public float[] Keys { get; }

    /// <summary>(head, window slot, headDim).</summary>
    public float[] Values { get; }

    /// <summary>Absolute position the next token will take.</summary>
    public long NextPosition { get; private set; }

    /// <summary>Valid slots: min(positions seen, window).</summary>
    public int Count => (int)Math.Min(NextPosition, Config.Window);

    public void Reset() => NextPosition = 0;

    /// <summary>Stores k and v (each [heads·headDim], k rotated) for <see cref="NextPosition"/> and advances it.</summary>
    public void Append(ReadOnlySpan<float> k, ReadOnlySpan<float> v)
    {
        var cfg = Config;
        var slot = (int)(NextPosition % cfg.Window);
        if (CompactKeys is { } ck && CompactValues is { } cv)
        {
            for (var h = 0; h < cfg.Heads; h++)
            {
                var kh = k.Slice(h * cfg.HeadDim, cfg.HeadDim);
                var keys = ck.AsSpan(h * cfg.HeadDim * cfg.Window, cfg.HeadDim * cfg.Window);
                for (var j = 0; j < kh.Length; j++)
                {
                    keys[(j * cfg.Window) + slot] = Kernels.BFloat16.FromFloat(kh[j]);
                }

                Kernels.BFloat16.FromFloat(v.Slice(h * cfg.HeadDim, cfg.HeadDim), cv.AsSpan(((h * cfg.Window) + slot) * cfg.HeadDim, cfg.HeadDim));
            }

            NextPosition++;
            return;
        }

        for (var h = 0; h < cfg.Heads; h++)
        {
            var kh = k.Slice(h * cfg.HeadDim, cfg.HeadDim);
            var keys = Keys.AsSpan(h * cfg.HeadDim * cfg.Window, cfg.HeadDim * cfg.Window);
            for (var j = 0; j < kh.Length; j++)
            {
                keys[(j * cfg.Window) + slot] = kh[j];
            }

            v.Slice(h * cfg.HeadDim, cfg.HeadDim).CopyTo(Values.AsSpan(((h * cfg.Window) + slot) * cfg.HeadDim, cfg.HeadDim));
        }

        NextPosition++;
    }
}
