using MusicGen.Live.Tensors.Optim;

namespace MusicGen.Live.Tensors.Tests.Optim;

public sealed class WarmupCosineScheduleTests
{
    [Fact]
    public void Warms_up_linearly_then_decays_by_cosine_to_the_minimum()
    {
        var s = new WarmupCosineSchedule(1e-3f, WarmupSteps: 10, TotalSteps: 110, MinLearningRate: 1e-5f);
        Assert.Equal(1e-4f, s.At(0), 1e-9f);
        Assert.Equal(1e-3f, s.At(9), 1e-9f);
        Assert.Equal(1e-3f, s.At(10), 1e-9f);
        Assert.Equal(1e-5f + ((1e-3f - 1e-5f) * 0.5f), s.At(60), 1e-8f);
        Assert.Equal(1e-5f, s.At(110), 1e-9f);
        Assert.Equal(1e-5f, s.At(500), 1e-9f);
        for (var i = 11; i < 110; i++)
        {
            Assert.True(s.At(i) <= s.At(i - 1));
        }
    }
}
