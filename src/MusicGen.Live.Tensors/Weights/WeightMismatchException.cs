namespace MusicGen.Live.Tensors.Weights;

/// <summary>A well-formed weights file that does not fit the model: a tensor missing, or of another shape than the config implies.</summary>
public sealed class WeightMismatchException : Exception
{
    public WeightMismatchException(string tensorName, string problem)
        : base($"tensor '{tensorName}': {problem}")
    {
        TensorName = tensorName;
    }

    public string TensorName { get; }
}
