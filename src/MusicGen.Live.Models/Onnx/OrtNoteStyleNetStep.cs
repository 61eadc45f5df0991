using Microsoft.ML.OnnxRuntime;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Models.Onnx;

/// <summary>
/// One note StyleNet stream's step on ONNX Runtime. The LSTM state lives in two pinned buffer pairs, A and B:
/// a step reads one pair and writes the other, through two bindings made once (A→B and B→A), so a step is one
/// <see cref="InferenceSession.RunWithBinding"/> and no managed allocation.
/// Threading: one thread (the engine thread live) calls every member.
/// </summary>
public sealed class OrtNoteStyleNetStep : INoteStyleNetStep, IDisposable
{
    private readonly OrtNoteStyleNet _model;
    private readonly float[] _features;   // (1, 1, input)
    private readonly float[] _hA, _cA;    // (layers, 1, hidden)
    private readonly float[] _hB, _cB;    // (layers, 1, hidden)
    private readonly float[] _velocity = new float[1]; // (1, 1)
    private readonly OrtIoBinding _aToB;
    private readonly OrtIoBinding _bToA;
    private readonly RunOptions _run = new();
    private readonly List<OrtValue> _pinned = [];
    private bool _stateInA = true;

    internal OrtNoteStyleNetStep(OrtNoteStyleNet model)
    {
        _model = model;
        var cfg = model.Config;
        _features = new float[cfg.Input];
        var size = cfg.Layers * cfg.Hidden;
        _hA = new float[size];
        _cA = new float[size];
        _hB = new float[size];
        _cB = new float[size];
        long[] state = [cfg.Layers, 1, cfg.Hidden];
        var features = Pin(_features, [1, 1, cfg.Input]);
        var velocity = Pin(_velocity, [1, 1]);
        OrtValue hA = Pin(_hA, state), cA = Pin(_cA, state), hB = Pin(_hB, state), cB = Pin(_cB, state);
        _aToB = Bind(features, velocity, hA, cA, hB, cB);
        _bToA = Bind(features, velocity, hB, cB, hA, cA);
    }

    public string Runtime => _model.Runtime;

    public void Reset()
    {
        Array.Clear(_hA);
        Array.Clear(_cA);
        _stateInA = true;
    }

    /// <exception cref="ModelOutputException">The graph gave NaN (broken weights): a fault, as on the native runtime.</exception>
    public float Step(ReadOnlySpan<float> features)
    {
        features[.._features.Length].CopyTo(_features); // a model from before the input-dynamics tail reads the leading part
        _model.Session.RunWithBinding(_run, _stateInA ? _aToB : _bToA);
        _stateInA = !_stateInA;
        return VelocityOutput.FromScaled(_velocity[0], "note StyleNet (onnx)");
    }

    public void Dispose()
    {
        _aToB.Dispose();
        _bToA.Dispose();
        _run.Dispose();
        foreach (var v in _pinned)
        {
            v.Dispose();
        }
    }

    private OrtIoBinding Bind(OrtValue features, OrtValue velocity, OrtValue h, OrtValue c, OrtValue hOut, OrtValue cOut)
    {
        var b = _model.Session.CreateIoBinding();
        b.BindInput("features", features);
        b.BindInput("h", h);
        b.BindInput("c", c);
        b.BindOutput("velocity", velocity);
        b.BindOutput("h_out", hOut);
        b.BindOutput("c_out", cOut);
        return b;
    }

    private OrtValue Pin(float[] data, long[] shape)
    {
        var v = OrtValue.CreateTensorValueFromMemory(data, shape);
        _pinned.Add(v);
        return v;
    }
}
