using System.Globalization;

namespace MusicGen.Live.Tensors.Autograd;

/// <summary>The loss became NaN or infinite; the message names the loss and the training step.</summary>
public sealed class NonFiniteLossException : Exception
{
    public NonFiniteLossException(string lossName, long step, float value)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"loss '{lossName}' is {value} at step {(step >= 0 ? step.ToString(CultureInfo.InvariantCulture) : "?")}: training diverged or the input holds NaN"))
    {
        Step = step;
        Value = value;
    }

    public long Step { get; }

    public float Value { get; }
}
