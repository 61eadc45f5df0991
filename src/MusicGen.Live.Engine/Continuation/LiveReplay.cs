using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Metrics;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Continuation;

/// <summary>
/// Plays a prompt into the real <see cref="EngineProcessor"/> and <see cref="OutputScheduler"/> in simulated time (no
/// ports, no threads; the generator runs inline, one model step per note taken) and records the answer the
/// scheduler sent, as phrase events: what a player hears from <c>musicgen live</c> after playing the prompt and
/// falling silent. Deterministic for a seeded generator.
/// </summary>
/// <example><code>
/// var answer = LiveReplay.Answer(prompt, new LiveReplayOptions { Generator = new PhraseTransformerGenerator(model, seed: 1) });
/// </code></example>
/// <remarks>Threading: the caller's thread; one replay per generator at a time. Allocates (a test and evaluation tool).</remarks>
public static class LiveReplay
{
    /// <summary>
    /// The answer to <paramref name="prompt"/> (phrase events as <see cref="PhraseMidi.ReadEvents"/> gives them, the
    /// prompt starting at 0): notes of the continuation channel in onset order (low to high at one instant) with
    /// key-held durations. The first event's shift is from the prompt's last note onset. Empty when nothing answered.
    /// </summary>
    public static IReadOnlyList<PhraseEvent> Answer(IReadOnlyList<PhraseEvent> prompt, LiveReplayOptions options) =>
        Run(prompt, options).Answer;

    /// <summary>As <see cref="Answer"/>, with the engine's metrics (continuations, how they ended, faults).</summary>
    public static (IReadOnlyList<PhraseEvent> Answer, EngineMetrics Metrics) Run(IReadOnlyList<PhraseEvent> prompt, LiveReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        var engine = options.EngineOrDefault();
        var channel = engine.Continuation.Channel - 1;
        var output = new RecordingMidiOutput(channel);
        var ring = new SpscRing<EngineEvent>(1 << 14);
        var metrics = new EngineMetrics();
        var start = MidiClock.FromMilliseconds(1000);
        var processor = new EngineProcessor(engine, new ContourVelocityStage(), options.Generator, ring, null, metrics, start);
        var scheduler = new OutputScheduler(output, ring, null, metrics, engine.Safety.PolyphonyCap, engine.Safety.MaxNoteSeconds);
        var step = MidiClock.FromMilliseconds(options.StepMs);
        var now = start;
        void AdvanceTo(long time)
        {
            while (now < time)
            {
                now = Math.Min(time, now + step);
                processor.Tick(now);
                output.Now = now;
                scheduler.Step(now);
            }
        }

        var messages = Messages(prompt, start);
        var lastOnset = start;
        foreach (var (time, status, data1, data2) in messages)
        {
            AdvanceTo(time);
            processor.Process(new EngineEvent(time, time, EventKind.Input, status, data1, data2));
            if ((status & 0xF0) == 0x90)
            {
                lastOnset = time;
            }
        }

        // Wait for the answer: the silence threshold, the next beat, its length, and its last note's release.
        var promptEnd = messages.Count > 0 ? messages[^1].Time : start;
        var limit = promptEnd + MidiClock.FromMilliseconds((engine.Continuation.SilenceFloorMs * 4) + 4000 + (MaxAnswerSeconds(engine) * 1000));
        // An answer in a pause inside the prompt does not count: the wait is for the one after the prompt's end.
        var startedBefore = metrics.Continuations;
        var started = false;
        while (now < limit)
        {
            AdvanceTo(now + step);
            started |= metrics.Continuations > startedBefore;
            if (started && !processor.Generating && scheduler.PendingCount == 0 && scheduler.SoundingCount == 0)
            {
                break;
            }
        }

        output.Now = now;
        scheduler.ReleaseAll(now, allNotesOff: false);
        return (ToEvents(output.Notes, lastOnset), metrics);
    }

    private static double MaxAnswerSeconds(EngineOptions engine) =>
        engine.Continuation.LengthSeconds > 0 ? engine.Continuation.LengthSeconds : engine.Continuation.LengthBars * 4 * 2.0; // a beat of 2 s at most

    /// <summary>The prompt as MIDI messages on channel 1; at one instant: pedal up, note-offs, note-ons, pedal down.</summary>
    private static List<(long Time, byte Status, byte Data1, byte Data2)> Messages(IReadOnlyList<PhraseEvent> prompt, long start)
    {
        var timed = new List<(long Time, int Order, byte Status, byte Data1, byte Data2)>();
        var t = 0.0;
        foreach (var e in prompt)
        {
            t += Math.Max(0, e.TimeShift);
            var at = start + MidiClock.FromMilliseconds(t * 1000);
            switch (e.Kind)
            {
                case PhraseEventKind.Note when e.Pitch is >= 0 and < 128:
                    var off = Math.Max(at + 1, start + MidiClock.FromMilliseconds((t + e.Duration) * 1000));
                    timed.Add((at, 2, 0x90, (byte)e.Pitch, (byte)Math.Clamp(e.Velocity, 1, 127)));
                    timed.Add((off, 1, 0x80, (byte)e.Pitch, 0));
                    break;
                case PhraseEventKind.PedalDown:
                    timed.Add((at, 3, 0xB0, 64, 127));
                    break;
                case PhraseEventKind.PedalUp:
                    timed.Add((at, 0, 0xB0, 64, 0));
                    break;
            }
        }

        return timed.OrderBy(x => x.Time).ThenBy(x => x.Order).Select(x => (x.Time, x.Status, x.Data1, x.Data2)).ToList();
    }

    /// <summary>Pairs the recorded note-ons and note-offs (first in, first out per pitch) into phrase events.</summary>
    private static List<PhraseEvent> ToEvents(List<(long Time, int Pitch, int Velocity)> sent, long from)
    {
        var notes = new List<(long On, long Off, int Pitch, int Velocity)>();
        var open = new Dictionary<int, Queue<int>>();
        foreach (var (time, pitch, velocity) in sent)
        {
            if (velocity > 0)
            {
                if (!open.TryGetValue(pitch, out var q))
                {
                    open[pitch] = q = new Queue<int>();
                }

                q.Enqueue(notes.Count);
                notes.Add((time, long.MaxValue, pitch, velocity));
            }
            else if (open.TryGetValue(pitch, out var q) && q.Count > 0)
            {
                var i = q.Dequeue();
                notes[i] = notes[i] with { Off = time };
            }
        }

        var events = new List<PhraseEvent>(notes.Count);
        var previous = from;
        foreach (var n in notes.Where(n => n.Off != long.MaxValue).OrderBy(n => n.On).ThenBy(n => n.Pitch))
        {
            events.Add(PhraseEvent.Note(Math.Max(0, n.On - previous) / (double)MidiClock.Frequency, n.Pitch, (n.Off - n.On) / (double)MidiClock.Frequency, n.Velocity));
            previous = n.On;
        }

        return events;
    }
}
