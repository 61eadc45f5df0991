using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.Ports.Loopback;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench engine [--phrases N] [--velocity-model note|large|offline|contour] [--lookahead-ms MS] [--generator transformer|echo] [--runtime native|onnx]</c>: the live engine in-process,
/// naming the stages it runs (a placeholder used because its model is missing is a warning line), each mode in turn (thru = humanize off,
/// causal, look-ahead, call-and-response, accompaniment; a look-ahead-only model, offline, skips the causal ones), fed by a player thread through a loopback port
/// (phrases of 8 notes with a pause), output to a port that only counts. Figures per mode: the player's
/// latency in → out (p50/p99; look-ahead includes its fixed delay, reported beside it), output timing error
/// against the schedule (p50/p99), for continuations the first generated note's lateness against its scheduled
/// time and its delay from the trigger (which includes waiting for the player's next beat), and the bytes
/// the engine, scheduler and generation threads allocated after the first phrase (steady state; target 0).
/// JACK adds its period on top of these (see <c>bench latency</c> for thru through a JACK server).
/// With <c>--output jack</c> the engine's output is a JACK port on a private dummy server (48 kHz, <c>--period</c> frames) and
/// each mode also reports the output timing error in frames: how many frames after the frame its time maps to each
/// message was written (<c>--ahead-ms 0</c>: the scheduler sends when due instead of handing messages over ahead).
/// </summary>
public static class EngineBench
{
    private static readonly (string Name, HumanizeMode Humanize, ContinuationMode Continuation)[] s_modes =
    [
        ("thru", HumanizeMode.Off, ContinuationMode.Off),
        ("causal", HumanizeMode.Causal, ContinuationMode.Off),
        ("lookahead", HumanizeMode.Lookahead, ContinuationMode.Off),
        ("call_response", HumanizeMode.Causal, ContinuationMode.CallAndResponse),
        ("accompaniment", HumanizeMode.Causal, ContinuationMode.Accompaniment),
    ];

    public static int Run(int phrases, string velocityModel, GeneratorModel generator, bool jack, double? aheadMs, int period, double lookaheadMs, StageSource stages)
    {
        BenchReport.Machine();
        var n = Math.Max(2, phrases);
        using var server = jack ? PrivateJackServer.Start(48000, period, "mgbench") : null;
        foreach (var (name, humanize, continuation) in s_modes)
        {
            if (humanize == HumanizeMode.Causal && VelocityModel.NeedsLookahead(velocityModel))
            {
                BenchReport.Text($"{name}_skipped", $"--velocity-model {velocityModel} runs in look-ahead mode only");
                continue;
            }

            using var client = server is null ? null : JackMidiClient.Open("bench-engine", server.Name);
            var jackOutput = client?.AddOutput("out");
            if (jackOutput is not null && aheadMs is { } ms)
            {
                jackOutput.ScheduleHorizon = MidiClock.FromMilliseconds(ms);
            }

            client?.Activate();
            RunMode(name, humanize, continuation, velocityModel, generator, n, jackOutput, stages, lookaheadMs);
            if (client is not null)
            {
                BenchReport.Figure($"{name}_jack_xruns", client.Xruns);
            }
        }

        return 0;
    }

    private static void RunMode(
        string name,
        HumanizeMode humanize,
        ContinuationMode continuation,
        string velocityModel,
        GeneratorModel generatorModel,
        int phrases,
        JackMidiOutput? jackOutput,
        StageSource stageSource,
        double lookaheadMs)
    {
        var options = new EngineOptions();
        options.Humanize.Mode = humanize;
        options.Humanize.LookaheadMs = lookaheadMs;
        options.Humanize.Model = velocityModel;
        options.Continuation.Mode = continuation;
        options.Continuation.Generator = generatorModel;
        options.Continuation.LengthSeconds = 0.8;
        options.Continuation.SilenceFloorMs = 400;
        options.Recording.Enabled = false;
        var (input, player) = LoopbackMidi.CreatePair("bench-" + name);
        using var counting = new CountingOutput();
        IMidiOutput output = jackOutput is null ? counting : jackOutput;
        var stages = stageSource(options);
        BenchReport.Text($"{name}_velocity_stage", stages.Velocity.Name);
        BenchReport.Text($"{name}_generator", stages.Generator.Name);
        foreach (var warning in stages.Warnings)
        {
            BenchReport.Text($"{name}_warning", warning);
        }

        using var engine = new LiveEngine(options, input, output, stages.Velocity, stages.Generator, recordingPath: null);
        engine.Start();
        long engineAllocated = 0, schedulerAllocated = 0, generationAllocated = 0;
        int[] pitches = [60, 62, 64, 65, 67, 65, 64, 62];
        Span<byte> message = stackalloc byte[3];
        for (var phrase = 0; phrase < phrases; phrase++)
        {
            foreach (var pitch in pitches)
            {
                message[0] = 0x90;
                message[1] = (byte)(pitch + (phrase % 3));
                message[2] = 80;
                player.Send(message);
                Thread.Sleep(120);
                message[0] = 0x80;
                message[2] = 0;
                player.Send(message);
                Thread.Sleep(30);
            }

            Thread.Sleep(continuation == ContinuationMode.CallAndResponse ? 2200 : 600); // the answer plays out
            if (phrase == 0)
            {
                engineAllocated = engine.Metrics.EngineAllocatedBytes;
                schedulerAllocated = engine.Metrics.SchedulerAllocatedBytes;
                generationAllocated = engine.GenerationAllocatedBytes;
            }
        }

        engine.Stop();
        jackOutput?.Flush(TimeSpan.FromSeconds(1));
        var m = engine.Metrics;
        BenchReport.Figure($"{name}_latency_p50_ms", m.PlayerLatency.Percentile(0.5));
        BenchReport.Figure($"{name}_latency_p99_ms", m.PlayerLatency.Percentile(0.99));
        if (humanize == HumanizeMode.Lookahead)
        {
            BenchReport.Figure($"{name}_added_delay_ms", options.Humanize.LookaheadMs);
        }

        if (m.ScheduleError.Count > 0) // thru and causal hand nothing over ahead of time: their figure is the latency
        {
            BenchReport.Figure($"{name}_schedule_error_p50_ms", m.ScheduleError.Percentile(0.5));
            BenchReport.Figure($"{name}_schedule_error_p99_ms", m.ScheduleError.Percentile(0.99));
        }
        if (continuation != ContinuationMode.Off)
        {
            BenchReport.Figure($"{name}_generated_notes", m.GeneratedNotes);
            BenchReport.Figure($"{name}_first_note_lateness_p50_ms", m.TriggerLateness.Percentile(0.5));
            BenchReport.Figure($"{name}_first_note_lateness_max_ms", m.TriggerLateness.MaxMilliseconds);
            BenchReport.Figure($"{name}_trigger_to_first_note_p50_ms", m.TriggerToFirstNote.Percentile(0.5));
        }

        BenchReport.Figure($"{name}_engine_steady_alloc_bytes", m.EngineAllocatedBytes - engineAllocated);
        BenchReport.Figure($"{name}_scheduler_steady_alloc_bytes", m.SchedulerAllocatedBytes - schedulerAllocated);
        if (continuation != ContinuationMode.Off)
        {
            BenchReport.Figure($"{name}_generation_steady_alloc_bytes", engine.GenerationAllocatedBytes - generationAllocated);
        }

        BenchReport.Figure($"{name}_dropped", engine.Dropped);
        BenchReport.Figure($"{name}_early_velocities", m.EarlyVelocities);
        BenchReport.Figure($"{name}_faults", m.Faults);
        if (jackOutput is { TimingError: var error })
        {
            BenchReport.Figure($"{name}_output_ahead_ms", MidiClock.ToMilliseconds(jackOutput.ScheduleHorizon));
            BenchReport.Figure($"{name}_output_messages", error.Count);
            BenchReport.Figure($"{name}_output_exact_frame_fraction", error.Count == 0 ? double.NaN : (double)error.Exact / error.Count);
            BenchReport.Figure($"{name}_output_error_frames_p50", error.Percentile(0.5));
            BenchReport.Figure($"{name}_output_error_frames_p99", error.Percentile(0.99));
            BenchReport.Figure($"{name}_output_error_frames_max", error.Max);
            BenchReport.Figure($"{name}_output_late_arrivals", jackOutput.LateArrivals);
        }
    }

    /// <summary>An output that accepts and counts: the bench measures the engine, not a synth.</summary>
    private sealed class CountingOutput : IMidiOutput
    {
        private long _sent;

        public string Name => "bench:out";

        public MidiPortState State => MidiPortState.Running;

        public long Dropped => 0;

        public long Errors => 0;

        public long Sent => Interlocked.Read(ref _sent);

        public event EventHandler<MidiPortLostEventArgs>? Lost
        {
            add { }
            remove { }
        }

        public bool Send(ReadOnlySpan<byte> message) => SendAt(message, MidiClock.Now);

        public bool SendAt(ReadOnlySpan<byte> message, long timestamp)
        {
            Interlocked.Increment(ref _sent);
            return true;
        }

        public void Dispose()
        {
        }
    }
}
