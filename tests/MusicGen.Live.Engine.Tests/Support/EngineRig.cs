using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Events;
using MusicGen.Live.Engine.Metrics;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>
/// Processor and scheduler driven on the test thread with a virtual clock (no threads, no sleeps): the
/// engine's logic, deterministic. Times are milliseconds from <see cref="T0"/>.
/// </summary>
public sealed class EngineRig
{
    public EngineRig(EngineOptions? options = null, IVelocityStage? velocity = null, IPhraseGenerator? generator = null)
        : this(options ?? new EngineOptions(), new InlineGeneration(generator ?? new RecentPhraseEcho()), velocity)
    {
    }

    /// <summary>With the generator reached through <paramref name="generation"/> (a real worker thread, in its tests).</summary>
    public EngineRig(EngineOptions options, IGenerationSource generation, IVelocityStage? velocity = null)
    {
        Options = options;
        Processor = new EngineProcessor(Options, velocity ?? new ContourVelocityStage(), generation, Ring, null, Metrics, T0);
        Scheduler = new OutputScheduler(Output, Ring, null, Metrics, Options.Safety.PolyphonyCap, Options.Safety.MaxNoteSeconds);
    }

    public static long T0 { get; } = MidiClock.FromMilliseconds(1_000_000);

    public EngineOptions Options { get; }

    public EngineMetrics Metrics { get; } = new();

    public SpscRing<EngineEvent> Ring { get; } = new(1 << 14);

    public CapturingOutput Output { get; } = new();

    public EngineProcessor Processor { get; }

    public OutputScheduler Scheduler { get; }

    /// <summary>The virtual clock, ms since T0.</summary>
    public double NowMs { get; private set; }

    public static long At(double ms) => T0 + MidiClock.FromMilliseconds(ms);

    public static double Ms(long time) => MidiClock.ToMilliseconds(time - T0);

    /// <summary>Runs both threads' steps in 1 ms slices up to <paramref name="ms"/>.</summary>
    public void AdvanceTo(double ms)
    {
        while (NowMs < ms)
        {
            NowMs = Math.Min(ms, NowMs + 1);
            Processor.Tick(At(NowMs));
            Scheduler.Step(At(NowMs));
        }
    }

    /// <summary>A player message arriving at <paramref name="ms"/> (the clock is advanced to it first).</summary>
    public void Play(double ms, byte status, byte data1, byte data2)
    {
        AdvanceTo(ms);
        Processor.Process(new EngineEvent(At(ms), At(ms), EventKind.Input, status, data1, data2));
        Processor.Tick(At(ms));
        Scheduler.Step(At(ms));
    }

    public void NoteOn(double ms, int pitch, int velocity = 64, int channel = 0) => Play(ms, (byte)(0x90 | channel), (byte)pitch, (byte)velocity);

    public void NoteOff(double ms, int pitch, int channel = 0) => Play(ms, (byte)(0x80 | channel), (byte)pitch, 0);

    /// <summary>A phrase of <paramref name="count"/> notes every <paramref name="ioiMs"/>, each held <paramref name="holdMs"/>.</summary>
    public double Phrase(double startMs, int count, double ioiMs, double holdMs, int[] pitches, int velocity = 64)
    {
        for (var i = 0; i < count; i++)
        {
            var t = startMs + (i * ioiMs);
            NoteOn(t, pitches[i % pitches.Length], velocity);
            NoteOff(t + holdMs, pitches[i % pitches.Length]);
        }

        return startMs + ((count - 1) * ioiMs) + holdMs;
    }

    /// <summary>Sent messages with their send time (ms) as the capture stamped them.</summary>
    public IEnumerable<(CapturingOutput.Sent Message, double Ms)> Sent() => Output.Messages.Select(m => (m, Ms(m.Timestamp)));
}
