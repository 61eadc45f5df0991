using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>Test stage: velocity = 20 + number of look-ahead notes it was shown; throws when asked to.</summary>
public sealed class FixedVelocityStage : IVelocityStage
{
    public bool Throw { get; set; }

    public string Name => "test stage";

    public void Reset()
    {
    }

    public void NoteOff(ReadOnlySpan<NoteOnset> notes, Lookahead lookahead, int pitch, double seconds)
    {
    }

    public long Early => 0;

    public int Velocity(ReadOnlySpan<NoteOnset> notes, int current, Lookahead lookahead, double nowSeconds) =>
        Throw ? throw new InvalidOperationException("stage fault") : 20 + (notes.Length - 1 - current);
}
