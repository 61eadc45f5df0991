using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// The note-level StyleNet (Bi-LSTM over each note's real timing) as the engine's velocity stage: a thin face over the
/// model's <see cref="NoteStyleNetStreamer"/>, which holds the notes of the look-ahead window (the only copy): every
/// onset is pushed to it, and a note's velocity is taken once its look-ahead has passed (at once when causal).
/// With input dynamics on, the incoming velocities go in as intended dynamics (a sequencer or DAW
/// part whose programmed crescendo should stay one); off, they are replaced from timing and pitch alone (a player).
/// </summary>
/// <remarks>
/// Threading: engine thread only. One stream for the stage's life, sized for <see cref="IVelocityStage.MaxPending"/>
/// pending notes beside the history its features read, so the engine never makes it force one out; a live switch
/// between causal and look-ahead restarts it in place (<see cref="NoteStyleNetStreamer.Restart"/>): no allocation after
/// construction. The stream is asked with the engine's own clock (never an onset plus the look-ahead, a sum that rounds),
/// so a note taken once its look-ahead has passed gets exactly
/// <see cref="NoteStyleNet.Predict(ReadOnlySpan{StyleNetNote}, Lookahead, StyleNetStyle, Span{float})"/>'s velocity; one
/// forced out earlier gets the look-ahead it has and is counted in <see cref="Early"/>.
/// A model's NaN or infinity throws <see cref="ModelOutputException"/> (the engine's fault path).
/// <see cref="Expression"/> (<see cref="VelocityExpression"/>) scales each velocity's deviation from the mean of the model's
/// velocities so far, in the order they are taken (onset order): causal whatever the look-ahead, preallocated.
/// The whole-file bidirectional model (<see cref="OfflineNoteStyleNet"/>) runs here within the look-ahead, through the same
/// streamer (<see cref="OfflineNoteStyleNet.CreateStream"/>): the velocities of <c>humanize --within-lookahead</c> at the
/// engine's look-ahead; switched to causal by the humanize controller, within a look-ahead of zero.
/// </remarks>
public sealed class StyleNetVelocityStage : IVelocityStage
{
    private const int Capacity = IVelocityStage.MaxPending + NoteFeatures.MaxHistory + 1;
    private readonly NoteStyleNetStreamer _stream;
    private readonly string _model;
    private readonly StyleNetStyle _style;
    private readonly bool _inputDynamics;
    private long _early;
    private readonly CausalVelocityExpression _expression = new();
    private float _expressionValue;

    /// <summary>
    /// Above this many bytes of float LSTM weights the native step runs bf16 also where float would otherwise be chosen (a CPU
    /// without pmaddwd or a fused multiply-add):
    /// about a core's L2 (1 MiB), between the <c>note</c> model (about half of it) and the large one (over 1.3 MiB).
    /// </summary>
    public const long FloatLstmBudgetBytes = 1L << 20;

    /// <summary>
    /// The LSTM weight format the native step runs <paramref name="model"/> at live on this CPU, chosen by measurement
    /// (docs/speed.md; <c>bench stylenet</c> prints it and times the others beside it). On x86 below AVX-512 (AVX2, and
    /// 128-bit SSE with or without FMA): int16, whose pmaddwd makes two multiply-adds a lane in one instruction, with no
    /// FMA needed: well ahead of bf16 and float at 128 bits (where the float bodies need two to four times the
    /// instructions), and on AVX2 no slower than bf16. With AVX-512, bf16 measured faster than int16. Elsewhere (ARM64,
    /// whose fmla fuses the multiply-add and which has no pmaddwd) as before: bf16 where the vector multiply-add is fused,
    /// halving the bytes a note reads; where it is not, float while the weights fit <see cref="FloatLstmBudgetBytes"/>,
    /// bf16 above. Both compact formats drift from the float velocities by a fraction of a step that rounding almost
    /// never shows (EngineStyleNetPrecisionTests). The float path stays the reference: files, evaluation and golden
    /// tests run <see cref="NoteStyleNet.Precision"/> as loaded.
    /// </summary>
    public static StyleNetPrecision PrecisionFor(NoteStyleNet model) =>
        PrecisionFor(model, Vector512.IsHardwareAccelerated, Sse2.IsSupported, FusedMultiplyAdd);

    /// <summary><see cref="PrecisionFor(NoteStyleNet)"/> on a CPU with or without AVX-512, pmaddwd (x86) and a fused vector multiply-add.</summary>
    internal static StyleNetPrecision PrecisionFor(NoteStyleNet model, bool avx512, bool integerPairs, bool fusedMultiplyAdd)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (integerPairs && !avx512)
        {
            return StyleNetPrecision.Int16;
        }

        // weight_ih and weight_hh of every layer: 4 gates × hidden × (layer input + hidden) floats.
        var cfg = model.Config;
        var floats = 4L * cfg.Hidden * (cfg.Input + cfg.Hidden + ((cfg.Layers - 1) * 2L * cfg.Hidden));
        return fusedMultiplyAdd || floats * sizeof(float) > FloatLstmBudgetBytes ? StyleNetPrecision.Bf16 : StyleNetPrecision.Fp32;
    }

    // Whether the LSTM kernels' multiply-adds are fused here: every width above 128 bits has FMA, ARM64 always does.
    private static bool FusedMultiplyAdd => Vector256.IsHardwareAccelerated || Fma.IsSupported || AdvSimd.IsSupported;

    /// <param name="step">The model's step on the runtime to use (ONNX Runtime, ...); null runs it natively at <see cref="PrecisionFor(NoteStyleNet)"/>.</param>
    public StyleNetVelocityStage(NoteStyleNet model, StyleNetStyle style, bool inputDynamics = false, float expression = 0f, INoteStyleNetStep? step = null)
        : this(
            new NoteStyleNetStreamer(step ?? new NoteStyleNetRunState(model.WithPrecision(PrecisionFor(model))), Lookahead.Causal, style, Capacity),
            $"StyleNet note-level, hidden {model.Config.Hidden}",
            style,
            inputDynamics && model.Config.ReadsInputDynamics,
            expression)
    {
    }

    /// <summary>The whole-file bidirectional model, run within the look-ahead the engine sets.</summary>
    public StyleNetVelocityStage(OfflineNoteStyleNet model, StyleNetStyle style, bool inputDynamics = false, float expression = 0f)
        : this(
            model.CreateStream(Lookahead.Causal, style, Capacity),
            $"StyleNet note-level Bi-LSTM within the look-ahead, hidden {model.Config.Hidden}",
            style,
            inputDynamics && model.Config.ReadsInputDynamics,
            expression)
    {
    }

    private StyleNetVelocityStage(NoteStyleNetStreamer stream, string model, StyleNetStyle style, bool inputDynamics, float expression)
    {
        _stream = stream;
        _model = model;
        _style = style;
        _inputDynamics = inputDynamics;
        _expressionValue = Checked(expression);
    }

    /// <summary>The expression (0–<see cref="VelocityExpression.Max"/>; 0: the model's own velocities). Engine thread; applies from the next velocity.</summary>
    public float Expression
    {
        get => _expressionValue;
        set => _expressionValue = Checked(value);
    }

    public string Name =>
        $"{_model}{(_stream.Runtime == "native" ? string.Empty : " on " + _stream.Runtime)} "
        + $"({_style}{(_inputDynamics ? ", input dynamics" : string.Empty)}, expression {_expressionValue:0.##})";

    public Lookahead Lookahead
    {
        get => _stream.Lookahead;
        set
        {
            if (value != _stream.Lookahead)
            {
                _stream.Restart(value);
            }
        }
    }

    public long Early => _early + _stream.ForcedEarly;

    public void Reset()
    {
        _stream.Reset();
        _expression.Reset();
    }

    private static float Checked(float expression)
    {
        VelocityExpression.Validate(expression);
        return expression;
    }

    public void Push(in NoteOnset note) =>
        _stream.NoteOn(note.Seconds, note.Pitch, note.Pedal, inputVelocity: _inputDynamics ? note.Velocity : 0);

    public void NoteOff(int pitch, double seconds) => _stream.NoteOff(pitch, seconds);

    public bool TryTake(double nowSeconds, bool force, out byte velocity)
    {
        if (!_stream.TryTake(nowSeconds, out _, out var taken))
        {
            if (!force || !_stream.TryFlush(out _, out taken))
            {
                velocity = 0;
                return false;
            }

            _early++; // taken before its look-ahead passed: the velocity from the look-ahead there is, counted
        }

        velocity = (byte)Math.Clamp(MathF.Round(_expression.Next(taken, _expressionValue)), 1, 127);
        return true;
    }
}
