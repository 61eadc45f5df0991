using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.Tests.Common;

/// <summary>Learns y = 2·x₀ − x₁ + 0.5 with a linear layer on random batches: small enough to train in milliseconds.</summary>
internal sealed class ToyRegressionTask : ITrainingTask
{
    private readonly LinearModule _linear;
    private readonly Func<int, double>? _fakeMetric;
    private int _validations;

    public ToyRegressionTask(Func<int, double>? fakeMetric = null)
    {
        _linear = new LinearModule(Parameters, "head", 2, 1);
        _fakeMetric = fakeMetric;
    }

    public ParameterSet Parameters { get; } = new();

    public string MetricName => "valid_mse";

    public int BestCalls { get; private set; }

    public void Initialize(TrainRandom rng) => _linear.Initialize(rng);

    public Var Loss(Tape tape, TrainRandom rng)
    {
        const int B = 8;
        var x = tape.Constant("x", [B, 2]);
        var y = tape.Constant("y", [B, 1]);
        for (var i = 0; i < B; i++)
        {
            var a = rng.NextFloat();
            var b = rng.NextFloat();
            x.Data[2 * i] = a;
            x.Data[(2 * i) + 1] = b;
            y.Data[i] = (2 * a) - b + 0.5f;
        }

        return tape.MseLoss(_linear.Forward(tape, x), y);
    }

    public ValidationResult Validate()
    {
        if (_fakeMetric is not null)
        {
            return new ValidationResult(_fakeMetric(_validations++));
        }

        var w = _linear.Weight.Data;
        var b = _linear.Bias!.Data[0];
        var err = Math.Pow(w[0] - 2, 2) + Math.Pow(w[1] + 1, 2) + Math.Pow(b - 0.5, 2);
        return new ValidationResult(err, new Dictionary<string, double> { ["param_err"] = err });
    }

    public void OnBest(string weightsPath, ValidationResult result, int epoch) => BestCalls++;
}
