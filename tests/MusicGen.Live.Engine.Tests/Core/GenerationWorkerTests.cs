using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;
using MusicGen.Live.Engine.Tests.Support;

namespace MusicGen.Live.Engine.Tests.Core;

/// <summary>
/// The generation worker: a real thread decoding ahead of the engine thread (the test's thread plays the engine).
/// Waits are bounded conditions, not timings.
/// </summary>
public sealed class GenerationWorkerTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private static readonly SamplingSettings s_settings = SamplingSettings.Default;

    [Fact]
    public void Decodes_at_most_RunAhead_notes_ahead_in_order_after_the_notes_observed_before()
    {
        var generator = new CountingGenerator();
        using var worker = new GenerationWorker(generator);
        worker.Start();
        worker.Observe(PhraseEvent.Note(0, 60, 0.5, 80));
        worker.Observe(PhraseEvent.Note(0.5, 62, 0.5, 80));
        worker.Begin(s_settings);

        WaitUntilRunAheadIsFull(generator);
        Thread.Sleep(50); // room to overrun, were the bound not kept
        Assert.Equal(GenerationWorker.RunAhead, generator.Sampled);

        var taken = TakeAll(worker, 10);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (byte)i), taken.Select(n => n.Velocity));
        Assert.All(taken, n => Assert.Equal(2, n.DurationSeconds)); // both observed notes came first
        Assert.All(taken, n => Assert.Equal(61, n.Pitch));
    }

    [Fact]
    public void A_cancelled_continuation_never_hands_out_another_note()
    {
        var generator = new CountingGenerator();
        using var worker = new GenerationWorker(generator);
        worker.Start();
        worker.Begin(s_settings);
        WaitUntilRunAheadIsFull(generator);
        Assert.True(worker.TryTake(s_settings, out var first));
        Assert.Equal(61, first.Pitch);

        worker.Cancel();
        Assert.False(worker.TryTake(s_settings, out _)); // the three decoded ahead are dropped

        worker.Observe(PhraseEvent.Note(1, 64, 0.3, 70));
        worker.Begin(s_settings);
        var next = TakeAll(worker, 5);
        Assert.All(next, n => Assert.Equal(62, n.Pitch)); // the second continuation only
        Assert.Equal(1, next[0].Velocity);
        Assert.All(next, n => Assert.Equal(1, n.DurationSeconds)); // after the note played in between
    }

    [Fact]
    public void New_settings_reach_the_notes_decoded_after_them()
    {
        var generator = new CountingGenerator();
        using var worker = new GenerationWorker(generator);
        worker.Start();
        worker.Begin(s_settings);
        WaitUntilRunAheadIsFull(generator);
        var hot = s_settings with { Time = new FieldSampling(2.5f, 1f) };
        var notes = TakeAll(worker, GenerationWorker.RunAhead + 3, hot);
        Assert.All(notes.Take(GenerationWorker.RunAhead), n => Assert.Equal(s_settings.Time.Temperature, n.TimeShiftSeconds));
        Assert.Equal(2.5, notes[^1].TimeShiftSeconds); // decoded after the change
    }

    [Fact]
    public void A_generator_that_throws_on_its_thread_sets_Faulted_and_hands_out_nothing_more()
    {
        using var worker = new GenerationWorker(new ThrowingGenerator(notesBeforeFault: 2));
        worker.Start();
        worker.Begin(s_settings);
        Assert.True(SpinWait.SpinUntil(() => worker.Faulted, s_wait));
        Assert.Equal("model fault", Assert.IsType<InvalidOperationException>(worker.Fault).Message);
        Assert.True(worker.TryTake(s_settings, out _));
        Assert.True(worker.TryTake(s_settings, out _));
        Assert.False(worker.TryTake(s_settings, out _));
    }

    [Fact]
    public void Neither_the_engine_threads_calls_nor_the_worker_allocate_in_steady_state()
    {
        var generator = new CountingGenerator();
        using var worker = new GenerationWorker(generator);
        worker.Start();
        var note = PhraseEvent.Note(0, 60, 0.2, 64);
        var other = s_settings with { Pitch = new FieldSampling(0.5f, 0.9f) };
        void Round()
        {
            for (var i = 0; i < 20; i++)
            {
                worker.Observe(note);
                worker.Begin(s_settings);
                for (var k = 0; k < 3; k++)
                {
                    var deadline = Environment.TickCount64 + 10_000; // a bounded wait, without a closure (that would allocate)
                    while (!worker.TryTake(k == 1 ? other : s_settings, out _) && Environment.TickCount64 < deadline)
                    {
                        Thread.Yield();
                    }
                }

                worker.Cancel();
            }
        }

        Round();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Round();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(generator.Sampled >= 60); // the rounds really took notes (3 per continuation)

        // The worker thread too: a one-off (a tier-up landing) shows in one window, a steady allocation in every one.
        var windows = new long[3];
        for (var w = 0; w < windows.Length; w++)
        {
            var start = worker.AllocatedBytes;
            Round();
            windows[w] = worker.AllocatedBytes - start;
        }

        Assert.True(windows.Min() == 0, $"worker bytes per window: {string.Join(", ", windows)}");
    }

    [Fact]
    public void The_engine_processor_drives_a_worker_to_an_answer_after_the_players_pause()
    {
        var generator = new CountingGenerator();
        using var worker = new GenerationWorker(generator);
        var rig = new EngineRig(new EngineOptions(), worker);
        worker.Start();
        var t = rig.Phrase(0, 12, 250, 200, [60, 64, 67, 72]);

        // Virtual time passes in 10 ms steps while the worker thread decodes in real time between them.
        for (var ms = t; ms < t + 4000; ms += 10)
        {
            rig.AdvanceTo(ms);
            Thread.Sleep(1);
        }

        Assert.True(rig.Metrics.Continuations > 0);
        var answer = rig.Output.Messages.Where(m => m.Channel == rig.Options.Continuation.Channel - 1 && m.IsNoteOn).ToList();
        Assert.NotEmpty(answer);
        Assert.All(answer, m => Assert.Equal(61, m.Data1)); // the worker's generator played them

        rig.NoteOn(t + 4000, 65); // the player again: the answer stops, and nothing is left sounding
        rig.NoteOff(t + 4200, 65);
        rig.AdvanceTo(t + 12000);
        Assert.Empty(NotePairing.Stuck(rig.Output.Messages));
    }

    private static void WaitUntilRunAheadIsFull(CountingGenerator generator) =>
        Assert.True(SpinWait.SpinUntil(() => generator.Sampled == GenerationWorker.RunAhead, s_wait), $"{generator.Sampled} notes decoded ahead");

    private static List<GeneratedNote> TakeAll(GenerationWorker worker, int count, SamplingSettings? settings = null)
    {
        var notes = new List<GeneratedNote>();
        while (notes.Count < count)
        {
            Assert.True(SpinWait.SpinUntil(() => worker.TryTake(settings ?? s_settings, out var n) && Add(n), s_wait), $"note {notes.Count + 1} never came");
        }

        return notes;

        bool Add(GeneratedNote n)
        {
            notes.Add(n);
            return true;
        }
    }
}
