using System.Globalization;

namespace MusicGen.Live.Training.Common;

/// <summary>
/// The loop's own state in a checkpoint (beside the weights and optimiser moments): where to continue, the
/// random generator's words, and the early-stopping record. Stored as safetensors metadata strings.
/// </summary>
public sealed record CheckpointState
{
    public int Epoch { get; init; }

    public int StepInEpoch { get; init; }

    public long GlobalStep { get; init; }

    public long AdamStep { get; init; }

    public ulong[] Random { get; init; } = [];

    public double BestMetric { get; init; } = double.PositiveInfinity;

    public int BestEpoch { get; init; } = -1;

    public int EpochsWithoutBest { get; init; }

    public Dictionary<string, string> ToMetadata() => new(StringComparer.Ordinal)
    {
        ["epoch"] = Epoch.ToString(CultureInfo.InvariantCulture),
        ["step_in_epoch"] = StepInEpoch.ToString(CultureInfo.InvariantCulture),
        ["global_step"] = GlobalStep.ToString(CultureInfo.InvariantCulture),
        ["adam_step"] = AdamStep.ToString(CultureInfo.InvariantCulture),
        ["random"] = string.Join(',', Random.Select(r => r.ToString(CultureInfo.InvariantCulture))),
        ["best_metric"] = BestMetric.ToString("R", CultureInfo.InvariantCulture),
        ["best_epoch"] = BestEpoch.ToString(CultureInfo.InvariantCulture),
        ["epochs_without_best"] = EpochsWithoutBest.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Parses what <see cref="ToMetadata"/> wrote; a missing or bad field throws naming it and the file.</summary>
    public static CheckpointState FromMetadata(IReadOnlyDictionary<string, string> m, string source)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new CheckpointState
        {
            Epoch = int.Parse(Get("epoch"), CultureInfo.InvariantCulture),
            StepInEpoch = int.Parse(Get("step_in_epoch"), CultureInfo.InvariantCulture),
            GlobalStep = long.Parse(Get("global_step"), CultureInfo.InvariantCulture),
            AdamStep = long.Parse(Get("adam_step"), CultureInfo.InvariantCulture),
            Random = [.. Get("random").Split(',').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture))],
            BestMetric = double.Parse(Get("best_metric"), CultureInfo.InvariantCulture),
            BestEpoch = int.Parse(Get("best_epoch"), CultureInfo.InvariantCulture),
            EpochsWithoutBest = int.Parse(Get("epochs_without_best"), CultureInfo.InvariantCulture),
        };

        string Get(string key) => m.TryGetValue(key, out var v)
            ? v
            : throw new InvalidDataException($"checkpoint {source}: metadata field '{key}' is missing");
    }
}
