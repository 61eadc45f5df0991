using System.Globalization;
using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Ports;
using Spectre.Console;

namespace MusicGen.Live.Cli.Live;

/// <summary>
/// The live console: ports, modes, notes in/out, latency p50/p99, drops and sampling settings, refreshed
/// four times a second from the engine's metrics.
/// </summary>
/// <remarks>Threading: runs on the command's (control) thread only; it reads counters and never touches the real-time threads.</remarks>
public static class ConsoleView
{
    /// <summary>Shows the table until <paramref name="until"/> returns true.</summary>
    public static void Run(LiveEngine engine, PortPair ports, Func<bool> until, LiveStages stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(until);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("musicgen live").AddColumn("");
        AnsiConsole.Live(table).AutoClear(false).Start(context =>
        {
            while (!until())
            {
                Fill(table, engine, ports, stages);
                context.Refresh();
                Thread.Sleep(250);
            }

            Fill(table, engine, ports, stages);
            context.Refresh();
        });
    }

    /// <summary>One-line summary (quiet mode and the end of a session), ending with the stages' warnings.</summary>
    public static string Summary(LiveEngine engine, LiveStages stages)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(stages);
        var m = engine.Metrics;
        return string.Create(CultureInfo.InvariantCulture,
            $"notes_in={m.NotesIn} notes_out={m.NotesOut} generated={m.GeneratedNotes} continuations={m.Continuations} "
            + $"latency_p50_ms={m.PlayerLatency.Percentile(0.5):0.###} latency_p99_ms={m.PlayerLatency.Percentile(0.99):0.###} "
            + $"schedule_error_p99_ms={m.ScheduleError.Percentile(0.99):0.###} dropped={engine.Dropped} rejected_bytes={engine.RejectedBytes} watchdog={m.WatchdogReleases} "
            + $"panics={m.Panics} faults={m.Faults} sounding={engine.Scheduler.SoundingCount} gen2_collections={engine.Gen2Collections} "
            + $"recording={(engine.Recorder is not { } r ? "off" : r.Fault is null ? "ok" : "stopped-on-fault")} "
            + $"early_velocities={m.EarlyVelocities} "
            + $"continuation_ends={m.ContinuationEndsCompact()}{stages.WarningText}");
    }

    private static void Fill(Table table, LiveEngine engine, PortPair ports, LiveStages stages)
    {
        var m = engine.Metrics;
        var p = engine.Processor;
        table.Rows.Clear();
        Row(table, "ports", $"{engine.InputName} → {engine.OutputName} ({ports.Description})");
        Row(table, "humanize", $"{EngineConfigLoader.Name(p.HumanizeMode)}, amount {p.HumanizeAmount:0.00}, added delay {ports.DelayText()} — {p.VelocityStageName}");
        Row(table, "continuation", $"{EngineConfigLoader.Name(p.ContinuationMode)}{(p.Generating ? " (playing)" : string.Empty)} — {p.GeneratorName}");
        Row(table, "tempo", $"{60 / p.BeatSeconds:0} bpm (beat {p.BeatSeconds * 1000:0} ms)");
        Row(table, "notes in / out", $"{m.NotesIn} / {m.NotesOut} (generated {m.GeneratedNotes}, continuations {m.Continuations}, sounding {engine.Scheduler.SoundingCount})");
        Row(table, "latency p50 / p99", $"{Ms(m.PlayerLatency.Percentile(0.5))} / {Ms(m.PlayerLatency.Percentile(0.99))} ms (schedule error p99 {Ms(m.ScheduleError.Percentile(0.99))} ms)");
        Row(
            table,
            "drops / faults",
            $"{engine.Dropped} / {m.Faults} (rejected input bytes {engine.RejectedBytes}, watchdog {m.WatchdogReleases}, polyphony steals {m.PolyphonySteals}, panics {m.Panics})");
        Row(table, "continuations ended", m.ContinuationSummary());
        Row(table, "velocities not as asked", $"{m.EarlyVelocities} early");
        if (m.LastFault is { } fault)
        {
            Row(table, "[red]last fault[/]", fault);
        }

        Row(table, "sampling", Sampling(p.Sampling));
        Row(table, engine.Recorder?.Fault is null ? "recording" : "[red]recording stopped[/]", engine.Recorder?.Fault ?? engine.Recorder?.Path ?? "off");
        foreach (var warning in stages.Warnings)
        {
            Row(table, "[yellow]WARNING[/]", warning);
        }

        if (engine.LostPort is { } lost)
        {
            Row(table, "[red]port lost[/]", lost);
        }
    }

    private static string Sampling(SamplingSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"T/p time {s.Time.Temperature:0.00}/{s.Time.TopP:0.00}  pitch {s.Pitch.Temperature:0.00}/{s.Pitch.TopP:0.00}  "
            + $"duration {s.Duration.Temperature:0.00}/{s.Duration.TopP:0.00}  velocity {s.Velocity.Temperature:0.00}/{s.Velocity.TopP:0.00}");

    private static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString("0.00", CultureInfo.InvariantCulture);

    private static void Row(Table table, string name, string value) => table.AddRow(new Markup(name), new Text(value));
}
