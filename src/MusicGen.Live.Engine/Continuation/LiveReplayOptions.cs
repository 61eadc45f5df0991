using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Stages;

namespace MusicGen.Live.Engine.Continuation;

/// <summary>How <see cref="LiveReplay"/> plays a prompt and waits for the answer.</summary>
public sealed class LiveReplayOptions
{
    /// <summary>The generator that answers (reset before each prompt).</summary>
    public required IPhraseGenerator Generator { get; init; }

    /// <summary>
    /// The engine's options; by default humanize off (the prompt's own velocities), call-and-response, the
    /// answer <see cref="AnswerSeconds"/> long. Given options are used as they are.
    /// </summary>
    public EngineOptions? Engine { get; init; }

    /// <summary>The answer's length when <see cref="Engine"/> is not given.</summary>
    public double AnswerSeconds { get; init; } = 8;

    /// <summary>Engine ticks per simulated millisecond step (the live loop ticks about every millisecond).</summary>
    public double StepMs { get; init; } = 1;

    /// <summary>The engine the replay builds when none is given.</summary>
    public EngineOptions EngineOrDefault()
    {
        if (Engine is { } given)
        {
            return given;
        }

        var options = new EngineOptions();
        options.Humanize.Mode = HumanizeMode.Off;
        options.Continuation.Mode = ContinuationMode.CallAndResponse;
        options.Continuation.LengthSeconds = AnswerSeconds;
        return options;
    }
}
