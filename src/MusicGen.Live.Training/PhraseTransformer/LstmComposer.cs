using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Kernels;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// Baseline after the seed's LSTM composer: the events of a window of <see cref="Window"/> (30) go through one LSTM
/// layer; independent heads predict the next event's fields from the last hidden state (the seed had note,
/// velocity and time heads; kind and duration heads are added so it scores the same compound events). Input =
/// sum of field embeddings, as the transformer's. Trained with teacher forcing on every position of a window;
/// scored with exactly the 30 events before each target. Training thread for training; <see cref="Score"/> is
/// safe from several threads (a tape per call).
/// </summary>
internal sealed class LstmComposer : IPhraseScorer
{
    public const int Window = 30;

    private readonly Var[] _inputs = new Var[PhraseToken.FieldCount];
    private readonly LstmModule _lstm;
    private readonly LinearModule[] _heads = new LinearModule[PhraseToken.FieldCount];

    public LstmComposer(PhraseEncoding encoding, int embed = 128, int hidden = 256)
    {
        Encoding = encoding;
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            _inputs[f] = Parameters.Add($"emb.{PhraseTransformerModel.FieldName(f)}.weight", [encoding.ClassCount(f) + 1, embed]);
        }

        _lstm = new LstmModule(Parameters, "lstm", embed, hidden, 1, bidirectional: false);
        for (var f = 0; f < PhraseToken.FieldCount; f++)
        {
            _heads[f] = new LinearModule(Parameters, $"heads.{PhraseTransformerModel.FieldName(f)}", hidden, encoding.ClassCount(f));
        }
    }

    public string Name => "lstm-composer";

    public PhraseEncoding Encoding { get; }

    public ParameterSet Parameters { get; } = new();

    public void Initialize(TrainRandom rng)
    {
        foreach (var e in _inputs)
        {
            rng.FillNormal(e.Values, 1f / MathF.Sqrt(PhraseToken.FieldCount));
        }

        _lstm.Initialize(rng);
        foreach (var h in _heads)
        {
            h.Initialize(rng);
        }
    }

    /// <summary>Time-major ids [T·B] per field (none → class count); returns per-field logits [T·B, classes].</summary>
    public Var[] Forward(Tape tape, int[][] inputs, int steps, int batch)
    {
        ArgumentNullException.ThrowIfNull(tape);
        Var x = tape.Embedding(_inputs[0], inputs[0]);
        for (var f = 1; f < PhraseToken.FieldCount; f++)
        {
            x = tape.Add(x, tape.Embedding(_inputs[f], inputs[f]));
        }

        var h = _lstm.Forward(tape, Reshape(tape, x, steps, batch));
        var logits = new Var[PhraseToken.FieldCount];
        for (var f = 0; f < logits.Length; f++)
        {
            logits[f] = _heads[f].Forward(tape, h);
        }

        return logits;
    }

    public void Score(PhraseToken[] tokens, int from, int to, double[] nats)
    {
        const int B = 64;
        var tape = new Tape { Training = false };
        var inputs = new int[PhraseToken.FieldCount][];
        for (var f = 0; f < inputs.Length; f++)
        {
            inputs[f] = new int[Window * B];
        }

        for (var first = Math.Max(from, Window); first < to; first += B)
        {
            var n = Math.Min(B, to - first);
            for (var b = 0; b < B; b++)
            {
                var target = first + Math.Min(b, n - 1); // pad the last batch by repeating its last window
                for (var t = 0; t < Window; t++)
                {
                    var token = tokens[target - Window + t];
                    for (var f = 0; f < inputs.Length; f++)
                    {
                        var v = token.Get(f);
                        inputs[f][(t * B) + b] = v == PhraseToken.None ? Encoding.ClassCount(f) : v;
                    }
                }
            }

            tape.Reset();
            var logits = Forward(tape, inputs, Window, B);
            for (var b = 0; b < n; b++)
            {
                var target = tokens[first + b];
                for (var f = 0; f < logits.Length; f++)
                {
                    var v = target.Get(f);
                    if (v == PhraseToken.None)
                    {
                        continue;
                    }

                    var c = Encoding.ClassCount(f);
                    var row = logits[f].Values.Slice((((Window - 1) * B) + b) * c, c);
                    nats[f] += LogSoftmaxNll.Run(row, [v], 1, c);
                }
            }
        }
    }

    // The embedding sum is [T·B, E] in time-major row order already; the LSTM op wants it shaped [T, B, E].
    private static Var Reshape(Tape tape, Var x, int steps, int batch)
    {
        var y = tape.NewVar("lstm_in", [steps, batch, x.Cols], x.RequiresGrad);
        x.Values.CopyTo(y.Values);
        tape.Record<ReshapeOp>().Set(x, y);
        return y;
    }

    private sealed class ReshapeOp : TapeOp
    {
        private Var _x = null!;
        private Var _y = null!;

        public void Set(Var x, Var y) => (_x, _y) = (x, y);

        public override void Backward(Tape tape)
        {
            if (_x.RequiresGrad)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(_x.Grads, _y.Grads, _x.Grads);
            }
        }
    }
}
