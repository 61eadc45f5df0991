using MusicGen.Live.Tensors.Core;

namespace MusicGen.Live.Tensors.Layers;

/// <summary>
/// Keys and values of one attention layer for the last <see cref="DecoderConfig.Window"/> positions, a ring:
/// position p lives in slot p mod window. Keys are stored already rotated at their absolute position, so
/// scores depend only on relative distance and never need recomputing. <see cref="Truncate"/> drops the newest
/// positions (rolling back events decoded ahead); their slots held the oldest positions, which are then gone too,
/// so until as many new positions are appended the cache holds fewer than a window (<see cref="Oldest"/> says
/// which), and a step masks the slots outside it. Owned by the thread that decodes.
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
        KeyStride = config.Window + KeyPadding;
        var keySize = config.Heads * config.HeadDim * KeyStride;
        if (bfloat16)
        {
            Keys = [];
            Values = [];
            CompactKeys = new AlignedArray<ushort>(keySize);
            CompactValues = new AlignedArray<ushort>(size);
        }
        else
        {
            Keys = new float[keySize];
            Values = new float[size];
        }
    }

    /// <summary>True when keys and values live in <see cref="CompactKeys"/> / <see cref="CompactValues"/>.</summary>
    public bool IsBFloat16 => CompactKeys is not null;

    /// <summary>
    /// Slots between one key dimension's row and the next: the window plus <see cref="KeyPadding"/>. A step reads
    /// the keys down these rows (a block of slots, every dimension); at a power-of-two window the rows would sit a
    /// power of two apart and fall into the same few L1 sets, evicting one another before the next block reuses them.
    /// </summary>
    public int KeyStride { get; }

    /// <summary>Unused slots after each key row (a cache line of bf16); see <see cref="KeyStride"/>.</summary>
    public const int KeyPadding = 32;

    /// <summary>(head, headDim, <see cref="KeyStride"/>: window slot) bfloat16, or null for a float cache (cache-line aligned: see <see cref="AlignedArray{T}"/>).</summary>
    public AlignedArray<ushort>? CompactKeys { get; }

    /// <summary>(head, window slot, headDim) bfloat16, or null for a float cache.</summary>
    public AlignedArray<ushort>? CompactValues { get; }

    public DecoderConfig Config { get; }

    /// <summary>(head, headDim, <see cref="KeyStride"/>: window slot): keys transposed, so a step's scores are one Kᵀ·q pass over
    /// contiguous slots with no horizontal sums (<see cref="Kernels.MatVec.RunTransposed"/>).</summary>
    public float[] Keys { get; }

    /// <summary>(head, window slot, headDim).</summary>
    public float[] Values { get; }

    /// <summary>Absolute position the next token will take.</summary>
    public long NextPosition { get; private set; }

    /// <summary>The oldest position still held (0 until the window first fills; later after a truncation).</summary>
    public long Oldest { get; private set; }

    /// <summary>Positions held: [<see cref="Oldest"/>, <see cref="NextPosition"/>), at most a window.</summary>
    public int Count => (int)(NextPosition - Oldest);

    /// <summary>
    /// True when the held positions fill slots 0 … <see cref="Count"/> − 1 or the whole window (the usual case), so a
    /// step scans exactly those slots; false after a truncation of a wrapped cache (scan the window, mask the rest).
    /// </summary>
    public bool IsDense => Oldest == 0 || Count == Config.Window;

    public void Reset()
    {
        NextPosition = 0;
        Oldest = 0;
    }

    /// <summary>
    /// Forgets positions from <paramref name="position"/> on: the next append takes <paramref name="position"/>.
    /// Positions that had already left the window stay gone (the window refills as new ones are appended).
    /// </summary>
    public void Truncate(long position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (position >= NextPosition)
        {
            return;
        }

        NextPosition = position;
        Oldest = Math.Min(Oldest, position);
    }

    /// <summary>Stores k and v (each [heads·headDim], k rotated) for <see cref="NextPosition"/> and advances it.</summary>
    public void Append(ReadOnlySpan<float> k, ReadOnlySpan<float> v)
    {
        var cfg = Config;
        if (Count == cfg.Window)
        {
            Oldest++; // its slot is this one
        }

        var slot = (int)(NextPosition % cfg.Window);
        if (CompactKeys is { } ck && CompactValues is { } cv)
        {
            for (var h = 0; h < cfg.Heads; h++)
            {
                var kh = k.Slice(h * cfg.HeadDim, cfg.HeadDim);
                var keys = ck.Span.Slice(h * cfg.HeadDim * KeyStride, cfg.HeadDim * KeyStride);
                for (var j = 0; j < kh.Length; j++)
                {
                    keys[(j * KeyStride) + slot] = Kernels.BFloat16.FromFloat(kh[j]);
                }

                Kernels.BFloat16.FromFloat(v.Slice(h * cfg.HeadDim, cfg.HeadDim), cv.Span.Slice(((h * cfg.Window) + slot) * cfg.HeadDim, cfg.HeadDim));
            }

            NextPosition++;
            return;
        }

        for (var h = 0; h < cfg.Heads; h++)
        {
            var kh = k.Slice(h * cfg.HeadDim, cfg.HeadDim);
            var keys = Keys.AsSpan(h * cfg.HeadDim * KeyStride, cfg.HeadDim * KeyStride);
            for (var j = 0; j < kh.Length; j++)
            {
                keys[(j * KeyStride) + slot] = kh[j];
            }

            v.Slice(h * cfg.HeadDim, cfg.HeadDim).CopyTo(Values.AsSpan(((h * cfg.Window) + slot) * cfg.HeadDim, cfg.HeadDim));
        }

        NextPosition++;
    }
}
