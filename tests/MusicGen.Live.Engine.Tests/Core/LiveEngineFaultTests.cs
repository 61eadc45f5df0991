using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.Engine.Tests.Support;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Tests.Core;

/// <summary>The live engine's threads under faults: caught at the thread's top, named, notes ended, the performance goes on.</summary>
public sealed class LiveEngineFaultTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public void An_exception_escaping_the_engine_threads_work_is_caught_named_and_the_engine_plays_on()
    {
        var options = new EngineOptions();
        options.Humanize.Mode = HumanizeMode.Causal;
        options.Continuation.Mode = ContinuationMode.Off;
        var stage = new BrokenStage();
        var input = new ManualInput();
        var output = new CapturingOutput();
        using var engine = new LiveEngine(options, input, output, stage, new RecentPhraseEcho(), recordingPath: null);
        engine.Start();
        input.Play(0xB0, 64, 127); // pedal down
        input.Play(0x90, 60, 100);
        Assert.True(SpinWait.SpinUntil(() => engine.Scheduler.SoundingCount == 1, s_wait));
        stage.Armed = true; // its next call throws, and so does its name in the fault path: the exception leaves Process
        input.Play(0x90, 62, 100);
        Assert.True(SpinWait.SpinUntil(() => engine.Metrics.Faults >= 1 && engine.Metrics.Panics >= 1, s_wait));
        input.Play(0x90, 64, 90); // the engine thread is still there: this one goes out, with the input velocity
        Assert.True(SpinWait.SpinUntil(() => engine.Metrics.NotesOut >= 2 && engine.Scheduler.SoundingCount == 1, s_wait));
        engine.Stop();

        Assert.StartsWith("engine thread: InvalidOperationException: broken name", engine.Metrics.LastFault);
        Assert.Equal(0, engine.Scheduler.SoundingCount);
        Assert.Empty(NotePairing.Stuck(output.Messages));
        Assert.Contains(output.Messages, m => m.IsNoteOn && m.Data1 == 64 && m.Data2 == 90);
        Assert.Equal(0x00, output.Messages.Last(m => m.Command == 0xB0 && m.Data1 == 64).Data2); // the pedal ends up
    }

    /// <summary>A stage broken through and through once armed: its velocity call and even its name throw.</summary>
    private sealed class BrokenStage : IVelocityStage
    {
        private volatile bool _armed;

        public bool Armed
        {
            get => _armed;
            set => _armed = value;
        }

        public string Name => Armed ? throw new InvalidOperationException("broken name") : "broken stage";

        public long Early => 0;

        public void Reset()
        {
        }

        public Lookahead Lookahead { get; set; }

        public void Push(in NoteOnset note)
        {
        }

        public void NoteOff(int pitch, double seconds)
        {
        }

        public bool TryTake(double nowSeconds, bool force, out byte velocity)
        {
            velocity = 70;
            return Armed ? throw new InvalidOperationException("broken stage") : true;
        }
    }

    /// <summary>An input port the test plays into (on the test thread, standing in for the port's thread).</summary>
    private sealed class ManualInput : IMidiInput
    {
        private IMidiReceiver? _receiver;

        public string Name => "manual:in";

        public MidiPortState State { get; private set; } = MidiPortState.Open;

        public long Dropped => 0;

        public long Errors => 0;

        public event EventHandler<MidiPortLostEventArgs>? Lost
        {
            add { }
            remove { }
        }

        public void Start(IMidiReceiver receiver)
        {
            _receiver = receiver;
            State = MidiPortState.Running;
        }

        public void Stop() => State = MidiPortState.Open;

        public void Play(byte status, byte data1, byte data2) => _receiver!.Receive([status, data1, data2], MidiClock.Now);

        public void Dispose()
        {
        }
    }
}
