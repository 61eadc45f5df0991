using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Kernels;

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
    /// <param name="format">Number format of keys and values (the compact ones are for inference only).</param>
    public KvCache(DecoderConfig config, KvCacheFormat format = KvCacheFormat.Fp32)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        Format = format;
        var size = config.Heads * config.Window * config.HeadDim;
        KeyStride = config.Window + KeyPadding;
        var keySize = config.Heads * config.HeadDim * KeyStride;
        Keys = [];
        Values = [];
        switch (format)
        {
            case KvCacheFormat.Bf16:
                CompactKeys = new AlignedArray<ushort>(keySize);
                CompactValues = new AlignedArray<ushort>(size);
                break;
            case KvCacheFormat.Int8:
                if (config.HeadDim > IntegerAttention.MaxHeadDim)
                {
                    throw new ArgumentOutOfRangeException(nameof(config), $"int8 KV cache: head size {config.HeadDim} is over {IntegerAttention.MaxHeadDim}, the most whose integer scores fit int32");
                }

                Int8Keys = new AlignedArray<sbyte>(config.Heads * IntegerAttention.KeyBytes(config.Window, config.HeadDim));
                Int8Values = new AlignedArray<sbyte>(config.Heads * IntegerAttention.ValueBytes(config.Window, config.HeadDim));
                Int8KeyScales = new float[config.Heads * config.Window];
                Int8ValueScales = new float[config.Heads * config.Window];
                _quantized = new sbyte[config.HeadDim];
                break;
            case KvCacheFormat.Fp32:
                Keys = new float[keySize];
                Values = new float[size];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), $"unknown KV cache format {format}");
        }
    }

    private readonly sbyte[]? _quantized;

    public KvCacheFormat Format { get; }

    /// <summary>
    /// (head, <see cref="IntegerAttention.KeyBytes"/> of the window) int8 keys in <see cref="IntegerAttention.KeyIndex"/>
    /// layout (panels of 32 slots, dimension pairs side by side), or null: a step's scores are integer dot products
    /// with a query quantized to int16 (<see cref="IntegerAttention.Scores"/>).
    /// </summary>
    public AlignedArray<sbyte>? Int8Keys { get; }

    /// <summary>(head, window slot): the scale of each position's int8 key (max|k| / 127).</summary>
    public float[]? Int8KeyScales { get; }

    /// <summary>
    /// (head, <see cref="IntegerAttention.ValueBytes"/> of the window) int8 values in <see cref="IntegerAttention.ValueIndex"/>
    /// layout (slot pairs side by side), or null: a step's weighted sum takes the softmax weights times the slots'
    /// value scales, quantized to int16 (<see cref="IntegerAttention.WeightedSum"/>).
    /// </summary>
    public AlignedArray<sbyte>? Int8Values { get; }

    /// <summary>(head, window slot): the scale of each position's int8 value (max|v| / 127).</summary>
    public float[]? Int8ValueScales { get; }

    /// <summary>
    /// Slots between one key dimension's row and the next: the window plus <see cref="KeyPadding"/>. A step reads
    /// the keys down these rows (a block of slots, every dimension); at a power-of-two window the rows would sit a
    /// power of two apart and fall into the same few L1 sets, evicting one another before the next block reuses them.
    /// </summary>
    public int KeyStride { get; }

    /// <summary>Unused slots after each key row: a cache line of bf16; see <see cref="KeyStride"/>.</summary>
    public const int KeyPadding = 32;

    /// <summary>Index of head h, dimension j, window slot <paramref name="slot"/> in the float and bf16 key arrays.</summary>
    private int KeyIndex(int h, int j, int slot) => (((h * Config.HeadDim) + j) * KeyStride) + slot;

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
        if (Int8Keys is { } qk && Int8Values is { } qv && Int8KeyScales is { } ks && Int8ValueScales is { } vs && _quantized is { } row)
        {
            var hd = cfg.HeadDim;
            int keyBytes = IntegerAttention.KeyBytes(cfg.Window, hd), valueBytes = IntegerAttention.ValueBytes(cfg.Window, hd);
            var keys = qk.Span;
            var values = qv.Span;
            for (var h = 0; h < cfg.Heads; h++)
            {
                var at = (h * cfg.Window) + slot;
                ks[at] = Kernels.MatVecInt8.QuantizeRow(k.Slice(h * hd, hd), row);
                for (var j = 0; j < hd; j++)
                {
                    keys[(h * keyBytes) + IntegerAttention.KeyIndex(slot, j, hd)] = row[j];
                }

                vs[at] = Kernels.MatVecInt8.QuantizeRow(v.Slice(h * hd, hd), row);
                for (var j = 0; j < hd; j++)
                {
                    values[(h * valueBytes) + IntegerAttention.ValueIndex(slot, j, hd)] = row[j];
                }
            }

            NextPosition++;
            return;
        }

        if (CompactKeys is { } ck && CompactValues is { } cv)
        {
            for (var h = 0; h < cfg.Heads; h++)
            {
                var kh = k.Slice(h * cfg.HeadDim, cfg.HeadDim);
                var keys = ck.Span;
                for (var j = 0; j < kh.Length; j++)
                {
                    keys[KeyIndex(h, j, slot)] = Kernels.BFloat16.FromFloat(kh[j]);
                }

                Kernels.BFloat16.FromFloat(v.Slice(h * cfg.HeadDim, cfg.HeadDim), cv.Span.Slice(((h * cfg.Window) + slot) * cfg.HeadDim, cfg.HeadDim));
            }

            NextPosition++;
            return;
        }

        for (var h = 0; h < cfg.Heads; h++)
        {
            var kh = k.Slice(h * cfg.HeadDim, cfg.HeadDim);
            for (var j = 0; j < kh.Length; j++)
            {
                Keys[KeyIndex(h, j, slot)] = kh[j];
            }

            v.Slice(h * cfg.HeadDim, cfg.HeadDim).CopyTo(Values.AsSpan(((h * cfg.Window) + slot) * cfg.HeadDim, cfg.HeadDim));
        }

        NextPosition++;
    }
}
