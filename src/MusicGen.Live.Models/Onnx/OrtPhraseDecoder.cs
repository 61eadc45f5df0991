using Microsoft.ML.OnnxRuntime;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Tensors.Kernels;

namespace MusicGen.Live.Models.Onnx;

/// <summary>
/// The phrase model's decode loop on ONNX Runtime (see tools/export_onnx.py for the graphs). The KV cache is one
/// ring per layer in arrays this decoder owns and ORT reads in place: each step the graph returns the new key
/// and value, which are written into slot position mod window, and a mask marks which slots hold the last
/// window − 1 positions, so no step copies a cache. Rotary cos/sin rows are computed here in double precision,
/// as the native step does. Every buffer is pinned once and bound once (<see cref="OrtIoBinding"/>), and one
/// <see cref="RunOptions"/> is reused: no managed allocation per step.
/// Threading: one thread (the engine thread or its generation worker) calls every member.
/// </summary>
public sealed class OrtPhraseDecoder : IPhraseDecoder, IDisposable
{
    private readonly OrtPhraseModel _model;
    private readonly PhraseEncoding _encoding;
    private readonly int _dim;
    private readonly int _heads;
    private readonly int _headDim;
    private readonly int _window;
    private readonly double[] _inverseFrequencies;

    private readonly long[] _token = new long[PhraseToken.FieldCount]; // (5): embedding row per field
    private readonly float[] _cos;      // (headDim/2)
    private readonly float[] _sin;      // (headDim/2)
    private readonly float[] _mask;     // (window): 0 for a live slot, -inf otherwise
    private readonly float[][] _keys;   // per layer (heads, headDim, window)
    private readonly float[][] _values; // per layer (heads, window, headDim)
    private readonly float[][] _newKey; // per layer (heads·headDim)
    private readonly float[][] _newValue; // per layer (heads·headDim)
    private readonly float[] _hidden;   // (1, d): step output, heads input
    private readonly long[] _field = new long[1];
    private readonly long[] _chosen = new long[PhraseToken.FieldCount - 1]; // conditioning rows of the fields drawn so far
    private readonly float[] _logits;   // (1, widest head)

    private readonly List<OrtValue> _pinned = [];
    private readonly OrtIoBinding _stepBinding;
    private readonly OrtIoBinding _headsBinding;
    private readonly RunOptions _run = new();
    private long _position;

    internal OrtPhraseDecoder(OrtPhraseModel model, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _model = model;
        var cfg = model.Config.WithWindow(window);
        Config = cfg;
        _encoding = cfg.CreateEncoding();
        _dim = cfg.ModelDim;
        _heads = cfg.Heads;
        _headDim = cfg.ModelDim / cfg.Heads;
        _window = cfg.Window;
        _inverseFrequencies = Rotary.InverseFrequencies(_headDim, cfg.Block.RotaryTheta);
        _cos = new float[_headDim / 2];
        _sin = new float[_headDim / 2];
        _mask = new float[_window];
        _keys = new float[cfg.Layers][];
        _values = new float[cfg.Layers][];
        _newKey = new float[cfg.Layers][];
        _newValue = new float[cfg.Layers][];
        _hidden = new float[_dim];
        var width = model.Heads.OutputMetadata["logits"].Dimensions[1];
        _logits = new float[width];

        _stepBinding = model.Step.CreateIoBinding();
        _headsBinding = model.Heads.CreateIoBinding();
        _stepBinding.BindInput("token", Pin(_token, [PhraseToken.FieldCount]));
        _stepBinding.BindInput("cos", Pin(_cos, [_cos.Length]));
        _stepBinding.BindInput("sin", Pin(_sin, [_sin.Length]));
        _stepBinding.BindInput("mask", Pin(_mask, [_window]));
        for (var i = 0; i < cfg.Layers; i++)
        {
            _keys[i] = new float[_heads * _headDim * _window];
            _values[i] = new float[_heads * _window * _headDim];
            _newKey[i] = new float[_dim];
            _newValue[i] = new float[_dim];
            _stepBinding.BindInput($"keys.{i}", Pin(_keys[i], [_heads, _headDim, _window]));
            _stepBinding.BindInput($"values.{i}", Pin(_values[i], [_heads, _window, _headDim]));
            _stepBinding.BindOutput($"new_key.{i}", Pin(_newKey[i], [_dim]));
            _stepBinding.BindOutput($"new_value.{i}", Pin(_newValue[i], [_dim]));
        }

        var hidden = Pin(_hidden, [1, _dim]);
        _stepBinding.BindOutput("hidden", hidden);
        _headsBinding.BindInput("hidden", hidden);
        _headsBinding.BindInput("field", Pin(_field, [1]));
        _headsBinding.BindInput("chosen", Pin(_chosen, [_chosen.Length]));
        _headsBinding.BindOutput("logits", Pin(_logits, [1, width]));
        Reset();
    }

    public PhraseTransformerConfig Config { get; }

    public string Runtime => _model.Runtime;

    public long Position => _position;

    /// <summary>Always no style: <see cref="OrtPhraseModel.Load"/> refuses a model with styles.</summary>
    public int Style
    {
        get => PhraseRunState.NoStyle;
        set
        {
            if (value != PhraseRunState.NoStyle)
            {
                throw new ArgumentOutOfRangeException(nameof(value), $"phrase style {value}: the ONNX runtime runs style-less models only; use the native runtime");
            }
        }
    }

    public void Reset()
    {
        _position = 0;
        Array.Fill(_mask, float.NegativeInfinity);
        Array.Clear(_hidden);
    }

    public void Truncate(long position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        for (var p = Math.Max(position, _position - _window); p < _position; p++)
        {
            _mask[(int)(p % _window)] = float.NegativeInfinity; // the slot's older position left the window already
        }

        _position = Math.Min(_position, position);
    }

    public void Observe(in PhraseToken token)
    {
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            _token[f] = Row(f, token.Get(f), nameof(token));
        }

        Rotary.Row(_cos, _sin, _position, _inverseFrequencies);
        var slot = (int)(_position % _window);
        _mask[slot] = float.NegativeInfinity; // the position leaving the window (or an empty slot)
        _model.Step.RunWithBinding(_run, _stepBinding);
        for (var i = 0; i < _keys.Length; i++)
        {
            var keys = _keys[i];
            var key = _newKey[i];
            for (var h = 0; h < _heads; h++)
            {
                for (var j = 0; j < _headDim; j++)
                {
                    keys[(((h * _headDim) + j) * _window) + slot] = key[(h * _headDim) + j];
                }

                _newValue[i].AsSpan(h * _headDim, _headDim).CopyTo(_values[i].AsSpan(((h * _window) + slot) * _headDim, _headDim));
            }
        }

        _mask[slot] = 0;
        _position++;
    }

    public void BeginFields() => Array.Clear(_chosen);

    public void FieldLogits(PhraseField field, Span<float> logits)
    {
        var n = _encoding.ClassCount((int)field);
        _field[0] = (long)field;
        _model.Heads.RunWithBinding(_run, _headsBinding);
        _logits.AsSpan(0, Math.Min(n, logits.Length)).CopyTo(logits);
    }

    public void ChooseField(PhraseField field, int value)
    {
        var f = (int)field;
        if (f < _chosen.Length)
        {
            _chosen[f] = Row(f, value, nameof(value));
        }
    }

    public void Dispose()
    {
        _stepBinding.Dispose();
        _headsBinding.Dispose();
        _run.Dispose();
        foreach (var v in _pinned)
        {
            v.Dispose();
        }
    }

    // The embedding row of a field value: the value itself, or the field's "none" row (its class count).
    private long Row(int field, int value, string what)
    {
        var n = _encoding.ClassCount(field);
        if (value == PhraseToken.None)
        {
            return n;
        }

        return (uint)value < (uint)n
            ? value
            : throw new ArgumentOutOfRangeException(what, $"phrase token field {(PhraseField)field} = {value} is outside 0..{n - 1}");
    }

    private OrtValue Pin<T>(T[] data, long[] shape)
        where T : unmanaged
    {
        var v = OrtValue.CreateTensorValueFromMemory(data, shape);
        _pinned.Add(v);
        return v;
    }
}
