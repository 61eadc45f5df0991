using MusicGen.Live.Training.Common;

namespace MusicGen.Live.Training.Tests.Common;

public sealed class CheckpointStateTests
{
    [Fact]
    public void Metadata_round_trips_and_a_missing_field_is_named()
    {
        var s = new CheckpointState { Epoch = 3, StepInEpoch = 5, GlobalStep = 305, AdamStep = 305, Random = [1, 2, 3, ulong.MaxValue], BestMetric = 9.87654321, BestEpoch = 2, EpochsWithoutBest = 1 };
        var back = CheckpointState.FromMetadata(s.ToMetadata(), "x");
        Assert.Equal(s.Random, back.Random);
        Assert.Equal(s with { Random = back.Random }, back);

        var m = s.ToMetadata();
        m.Remove("adam_step");
        var ex = Assert.Throws<InvalidDataException>(() => CheckpointState.FromMetadata(m, "run/checkpoint.safetensors"));
        Assert.Contains("adam_step", ex.Message, StringComparison.Ordinal);
        Assert.Contains("run/checkpoint.safetensors", ex.Message, StringComparison.Ordinal);
    }
}
