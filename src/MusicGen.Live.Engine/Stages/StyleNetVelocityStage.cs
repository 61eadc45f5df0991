using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// The note-level StyleNet (Bi-LSTM over each note's real timing) as the engine's velocity stage: every onset
/// is pushed to its streamer, and a note's velocity is taken once its look-ahead has passed (at once when causal).
/// With input dynamics on, the incoming velocities go in as intended dynamics (a sequencer or DAW
/// part whose programmed crescendo should stay one); off, they are replaced from timing and pitch alone (a player).
/// </summary>
/// <remarks>
/// Threading: engine thread only. The streamer is created for the look-ahead the engine asks with; a live switch
/// between causal and look-ahead creates a new one (the only allocation, on a mode change, not per note).
/// Velocities taken ahead of their request (a chord sharing an onset) wait in a small ring keyed by note id.
/// The stream is asked with the engine's own clock (never an onset plus the look-ahead, a sum that rounds), so a
/// note asked for once its look-ahead has passed gets exactly <see cref="NoteStyleNet.Predict(ReadOnlySpan{StyleNetNote}, Lookahead, StyleNetStyle, Span{float})"/>'s
/// velocity; one asked earlier is forced out with the look-ahead it has and counted in <see cref="Early"/>.
/// A model's NaN or infinity throws <see cref="ModelOutputException"/> (the engine's fault path).
/// <see cref="Expression"/> (<see cref="VelocityExpression"/>) scales each velocity's deviation from the mean of the model's
/// velocities so far, in the order they are asked (onset order): causal whatever the look-ahead, preallocated.
/// The whole-file bidirectional model (<see cref="OfflineNoteStyleNet"/>) runs here within the look-ahead, through the same
/// streamer (<see cref="OfflineNoteStyleNet.CreateStream"/>): the velocities of <c>humanize --within-lookahead</c> at the
/// engine's look-ahead; switched to causal by the humanize controller, within a look-ahead of zero.
/// </remarks>
public sealed class StyleNetVelocityStage : IVelocityStage
{
    private const int Ring = 256;
    private readonly Func<Lookahead, NoteStyleNetStreamer> _newStream;
    private readonly string _model;
    private readonly StyleNetStyle _style;
    private readonly bool _inputDynamics;
    private readonly long[] _takenId = Enumerable.Repeat(-1L, Ring).ToArray(); // (Ring) note id of each taken velocity, -1 when empty
    private readonly int[] _taken = new int[Ring];      // (Ring) its velocity
    private NoteStyleNetStreamer? _stream;
    private long _pushed = -1;   // last engine sequence pushed to the stream
    private long _asked = -1;    // last engine sequence whose velocity was asked
    private long _idOffset;      // stream id = engine sequence + _idOffset
    private long _early;
    private readonly CausalVelocityExpression _expression = new();
    private float _expressionValue;

    /// <param name="step">The model's step on the runtime to use (ONNX Runtime, ...); null runs it natively.</param>
    public StyleNetVelocityStage(NoteStyleNet model, StyleNetStyle style, bool inputDynamics = false, float expression = 0f, INoteStyleNetStep? step = null)
        : this(Streaming(model, step ?? new NoteStyleNetRunState(model), style), style, inputDynamics && model.Config.ReadsInputDynamics, expression)
    {
    }

    /// <summary>The whole-file bidirectional model, run within the look-ahead the engine asks with.</summary>
    public StyleNetVelocityStage(OfflineNoteStyleNet model, StyleNetStyle style, bool inputDynamics = false, float expression = 0f)
        : this(
            ($"StyleNet note-level Bi-LSTM within the look-ahead, hidden {model.Config.Hidden}", lookahead => model.CreateStream(lookahead, style)),
            style,
            inputDynamics && model.Config.ReadsInputDynamics,
            expression)
    {
    }

    private StyleNetVelocityStage((string Model, Func<Lookahead, NoteStyleNetStreamer> NewStream) run, StyleNetStyle style, bool inputDynamics, float expression)
    {
        (_model, _newStream) = run;
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

    public string Name => $"{_model} ({_style}{(_inputDynamics ? ", input dynamics" : string.Empty)}, expression {_expressionValue:0.##})";

    public long Early => _early + (_stream?.ForcedEarly ?? 0);

    public void Reset()
    {
        _stream?.Reset();
        _pushed = -1;
        _asked = -1;
        Array.Fill(_takenId, -1);
        _expression.Reset();
    }

    // One step for the stage's life: a new stream (look-ahead change) resets it rather than making another.
    private static (string, Func<Lookahead, NoteStyleNetStreamer>) Streaming(NoteStyleNet model, INoteStyleNetStep step, StyleNetStyle style) =>
        ($"StyleNet note-level, hidden {model.Config.Hidden}{(step.Runtime == "native" ? string.Empty : " on " + step.Runtime)}", lookahead =>
        {
            step.Reset();
            return new NoteStyleNetStreamer(step, lookahead, style);
        });

    private static float Checked(float expression)
    {
        VelocityExpression.Validate(expression);
        return expression;
    }

    public void NoteOff(ReadOnlySpan<NoteOnset> notes, Lookahead lookahead, int pitch, double seconds)
    {
        // The notes still to be asked for go into the stream first, so the release finds its note there.
        var stream = Sync(notes, lookahead, notes.Length == 0 ? _asked + 1 : Math.Max(_asked + 1, notes[0].Sequence));
        stream.NoteOff(pitch, seconds);
    }

    public int Velocity(ReadOnlySpan<NoteOnset> notes, int current, Lookahead lookahead, double nowSeconds)
    {
        var note = notes[current];
        var stream = Sync(notes, lookahead, note.Sequence);
        _asked = note.Sequence;
        var want = note.Sequence + _idOffset;
        while (!Taken(want) && stream.TryTake(nowSeconds, out var takenId, out var velocity))
        {
            Keep(takenId, velocity);
        }

        if (!Taken(want))
        {
            // Asked before its look-ahead passed: the velocity from the look-ahead there is, counted.
            _early++;
            while (!Taken(want) && stream.TryFlush(out var takenId, out var velocity))
            {
                Keep(takenId, velocity);
            }
        }

        return Taken(want)
            ? (int)Math.Clamp(MathF.Round(_expression.Next(_taken[want & (Ring - 1)], _expressionValue)), 1, 127)
            : throw new InvalidOperationException($"StyleNet stage: note {note.Sequence} is not in its stream (taken long before it was asked for); no velocity to give");
    }

    /// <summary>The stream for <paramref name="lookahead"/> (a new one, from onset <paramref name="start"/>, on a change) with every onset of the window pushed.</summary>
    private NoteStyleNetStreamer Sync(ReadOnlySpan<NoteOnset> notes, Lookahead lookahead, long start)
    {
        if (_stream is null || lookahead != _stream.Lookahead)
        {
            _early += _stream?.ForcedEarly ?? 0; // the old stream's count, kept
            _stream = _newStream(lookahead);
            _pushed = start - 1;
            Array.Fill(_takenId, -1);
        }

        for (var i = 0; i < notes.Length; i++)
        {
            if (notes[i].Sequence > _pushed)
            {
                var id = _stream.NoteOn(notes[i].Seconds, notes[i].Pitch, notes[i].Pedal, inputVelocity: _inputDynamics ? notes[i].Velocity : 0);
                _idOffset = id - notes[i].Sequence;
                _pushed = notes[i].Sequence;
            }
        }

        return _stream;
    }

    private bool Taken(long id) => _takenId[id & (Ring - 1)] == id;

    private void Keep(long id, int velocity)
    {
        _takenId[id & (Ring - 1)] = id;
        _taken[id & (Ring - 1)] = velocity;
    }
}
