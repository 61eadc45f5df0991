using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Metrics;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Core;

/// <summary>
/// Runs every engine path once (each humanize and continuation mode, phrase, silence, answer, resume, panic)
/// on a virtual clock into a null output before going live, so the JIT has compiled them before the first
/// real note: without it the first note-off of a session came out late, while the JIT compiled its path.
/// </summary>
/// <remarks>Threading: the control thread, before the engine threads start. Resets the stages it used.</remarks>
internal static class EngineWarmUp
{
    public static void Run(EngineOptions options, IVelocityStage velocity, IPhraseGenerator generator)
    {
        var output = new NullMidiOutput();
        int[] pitches = [60, 64, 67, 65, 62];
        // The configured humanize mode last: a stage keyed by its look-ahead (StyleNet) then holds the live one.
        foreach (var humanize in Enum.GetValues<HumanizeMode>().OrderBy(m => m == options.Humanize.Mode))
        {
            foreach (var continuation in Enum.GetValues<ContinuationMode>())
            {
                var copy = new EngineOptions
                {
                    Humanize = new HumanizeOptions { Mode = humanize, Amount = options.Humanize.Amount, LookaheadMs = options.Humanize.LookaheadMs },
                    Continuation = new ContinuationOptions { Mode = continuation, LengthBars = 1 },
                    Sampling = options.Sampling,
                };
                var ring = new SpscRing<EngineEvent>(1 << 12);
                var metrics = new EngineMetrics();
                var start = MidiClock.Now;
                var processor = new EngineProcessor(copy, velocity, generator, ring, null, metrics, start);
                var scheduler = new OutputScheduler(output, ring, null, metrics, 16, 10);
                var ms = 0L;
                void Advance(long to)
                {
                    for (; ms < to; ms += 2)
                    {
                        processor.Tick(start + MidiClock.FromMilliseconds(ms));
                        scheduler.Step(start + MidiClock.FromMilliseconds(ms));
                    }
                }

                void Input(long at, byte status, byte data1, byte data2)
                {
                    Advance(at);
                    processor.Process(new EngineEvent(start + MidiClock.FromMilliseconds(at), 0, EventKind.Input, status, data1, data2));
                }

                for (var i = 0; i < 6; i++)
                {
                    Input(i * 250, 0x90, (byte)pitches[i % pitches.Length], 80);
                    Input((i * 250) + 200, 0x80, (byte)pitches[i % pitches.Length], 0);
                }

                Input(3000, 0x90, 72, 80); // resume during the answer
                Input(3100, 0xB0, 64, 127);
                Input(3200, 0x80, 72, 0);
                Input(3300, 0xB0, (byte)options.Controls.Panic, 127);
                Advance(4000);
                scheduler.ReleaseAll(start + MidiClock.FromMilliseconds(ms), allNotesOff: true);
            }
        }
    }
}
