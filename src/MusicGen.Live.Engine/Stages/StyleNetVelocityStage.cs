using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// The note-level StyleNet (Bi-LSTM over each note's real timing) as the engine's velocity stage: every onset
/// is pushed to its streamer, and a note's velocity is taken once its look-ahead has passed (at once when causal).
/// With <paramref name="inputDynamics"/> the incoming velocities go in as intended dynamics (a sequencer or DAW
/// part whose programmed crescendo should stay one); off, they are replaced from timing and pitch alone (a player).
/// </summary>
/// <remarks>
/// Threading: engine thread only. The streamer is created for the look-ahead the engine asks with; a live switch
/// between causal and look-ahead creates a new one (the only allocation, on a mode change, not per note).
/// Velocities taken ahead of their request (a chord sharing an onset) wait in a small ring keyed by note id.
/// </remarks>
/// <param name="step">The model's step on the runtime to use (ONNX Runtime, ...); null runs it natively.</param>
public sealed class StyleNetVelocityStage(NoteStyleNet model, StyleNetStyle style, bool inputDynamics = false, INoteStyleNetStep? step = null) : IVelocityStage
{
    // One step for the stage's life: a new stream (look-ahead change) resets it rather than making another.
    private readonly INoteStyleNetStep _step = step ?? new NoteStyleNetRunState(model);
    private const int Ring = 256;
    private readonly long[] _takenId = Enumerable.Repeat(-1L, Ring).ToArray(); // (Ring) note id of each taken velocity, -1 when empty
    private readonly int[] _taken = new int[Ring];      // (Ring) its velocity
    private NoteStyleNetStreamer? _stream;
    private double _streamLookahead = double.NaN;
    private long _pushed = -1;   // last engine sequence pushed to the stream
    private long _idOffset;      // stream id = engine sequence + _idOffset

    public string Name => $"StyleNet note-level, hidden {model.Config.Hidden}{(_step.Runtime == "native" ? string.Empty : " on " + _step.Runtime)} ({style}{(inputDynamics && model.Config.ReadsInputDynamics ? ", input dynamics" : string.Empty)})";

    public void Reset()
    {
        _stream?.Reset();
        _pushed = -1;
        Array.Fill(_takenId, -1);
    }

    public void NoteOff(int pitch, double seconds) => _stream?.NoteOff(pitch, seconds);

    public int Velocity(ReadOnlySpan<NoteOnset> notes, int current, double lookaheadSeconds)
    {
        var note = notes[current];
        if (_stream is null || lookaheadSeconds != _streamLookahead)
        {
            _step.Reset();
            _stream = new NoteStyleNetStreamer(_step, (float)lookaheadSeconds, style);
            _streamLookahead = lookaheadSeconds;
            _pushed = note.Sequence - 1; // a new stream starts at this note
            Array.Fill(_takenId, -1);
        }

        for (var i = 0; i < notes.Length; i++)
        {
            if (notes[i].Sequence > _pushed)
            {
                var id = _stream.NoteOn(notes[i].Seconds, notes[i].Pitch, notes[i].Pedal, inputVelocity: inputDynamics ? notes[i].Velocity : 0);
                _idOffset = id - notes[i].Sequence;
                _pushed = notes[i].Sequence;
            }
        }

        var want = note.Sequence + _idOffset;
        while (_stream.TryTake(note.Seconds + lookaheadSeconds, out var takenId, out var velocity))
        {
            _takenId[takenId & (Ring - 1)] = takenId;
            _taken[takenId & (Ring - 1)] = velocity;
        }

        return _takenId[want & (Ring - 1)] == want ? _taken[want & (Ring - 1)] : note.Velocity;
    }
}
