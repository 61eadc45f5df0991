using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// A stand-in phrase generator for when no trained model is present: NOT a model. It answers with the
/// player's own recent notes, walking back through them as a call-and-response echo, moving pitches to
/// neighbouring pitch classes the player used (more often at higher pitch temperature) and jittering
/// timing, duration and velocity by the other fields' temperatures. Top-p narrows the jitter.
/// </summary>
/// <remarks>Threading: engine thread only; a fixed ring of 64 notes and a seeded <see cref="Random"/>; no allocation.</remarks>
public sealed class RecentPhraseEcho(int seed = 7) : IPhraseGenerator
{
    private const int Capacity = 64;
    private readonly EchoNote[] _notes = new EchoNote[Capacity]; // (Capacity) ring of observed notes
    private readonly bool[] _pitchClasses = new bool[12];
    private readonly Random _random = new(seed);
    private int _count;
    private int _cursor;
    private int _played;
    private double _time; // seconds of the last observed event (the context's shifts summed)

    public string Name => "recent-phrase echo (placeholder, no model)";

    public void Reset()
    {
        _count = 0;
        _cursor = 0;
        _played = 0;
        _time = 0;
        Array.Clear(_pitchClasses);
    }

    public void Observe(in PhraseEvent e)
    {
        _time += e.TimeShift;
        if (e.Kind != PhraseEventKind.Note)
        {
            return;
        }

        _notes[_count % Capacity] = new EchoNote(_time, (byte)e.Pitch, e.Duration, (byte)Math.Clamp(e.Velocity, 1, 127));
        _count++;
        _pitchClasses[e.Pitch % 12] = true;
    }

    /// <summary>Held notes are not echoed (the echo answers completed notes only).</summary>
    public void ObserveProvisional(in PhraseEvent e)
    {
    }

    public void BeginContinuation()
    {
        // Answer with the last phrase: start up to 8 notes back.
        _played = 0;
        _cursor = Math.Max(0, _count - Math.Min(8, _count));
    }

    public GeneratedNote SampleNext(in SamplingSettings settings)
    {
        if (_count == 0)
        {
            return GeneratedNote.Rest(0); // nothing to echo yet
        }

        var index = _cursor;
        _cursor = _cursor + 1 >= _count ? Math.Max(0, _count - Math.Min(8, _count)) : _cursor + 1;
        var source = _notes[index % Capacity];
        var previous = _notes[(index + Capacity - 1) % Capacity];
        var shift = _played == 0 || index == 0 ? 0.0 : Math.Clamp(source.OnsetSeconds - previous.OnsetSeconds, 0.0, 1.0);
        _played++;

        var pitch = (int)source.Pitch;
        if (_random.NextDouble() < 0.35 * settings.Pitch.Temperature * settings.Pitch.TopP)
        {
            pitch = Neighbour(pitch, _random.Next(2) == 0 ? -1 : 1);
        }

        return new GeneratedNote(
            shift * Jitter(settings.Time, 0.1),
            (byte)Math.Clamp(pitch, 0, 127),
            Math.Clamp(source.DurationSeconds * Jitter(settings.Duration, 0.2), 0.05, 2.0),
            (byte)Math.Clamp(source.Velocity * Jitter(settings.Velocity, 0.15), 1, 127));
    }

    private double Jitter(FieldSampling field, double scale) =>
        1.0 + ((_random.NextDouble() * 2 - 1) * scale * field.Temperature * field.TopP);

    private int Neighbour(int pitch, int direction)
    {
        for (var step = 1; step <= 4; step++)
        {
            var candidate = pitch + (direction * step);
            if (candidate is >= 0 and <= 127 && _pitchClasses[candidate % 12])
            {
                return candidate;
            }
        }

        return pitch;
    }

    private readonly record struct EchoNote(double OnsetSeconds, byte Pitch, double DurationSeconds, byte Velocity);
}
