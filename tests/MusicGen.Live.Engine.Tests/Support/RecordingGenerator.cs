using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>
/// Wraps a phrase generator (or none: it then samples rests) and records what the engine fed it: every committed
/// event with the rig's clock at that moment, and the provisional events of each continuation.
/// </summary>
public sealed class RecordingGenerator(IPhraseGenerator? inner = null, Func<double>? nowMs = null) : IPhraseGenerator
{
    public List<PhraseEvent> Observed { get; } = [];

    /// <summary>The rig's clock (ms) when each of <see cref="Observed"/> was committed.</summary>
    public List<double> ObservedAtMs { get; } = [];

    public List<PhraseEvent> Provisional { get; } = [];

    public int Begun { get; private set; }

    /// <summary>How many events had been committed when each continuation began.</summary>
    public List<int> ObservedAtBegin { get; } = [];

    public string Name => inner?.Name ?? "recording";

    public void Reset()
    {
        Observed.Clear();
        ObservedAtMs.Clear();
        Provisional.Clear();
        inner?.Reset();
    }

    public void Observe(in PhraseEvent e)
    {
        Observed.Add(e);
        ObservedAtMs.Add(nowMs?.Invoke() ?? double.NaN);
        inner?.Observe(e);
    }

    public void ObserveProvisional(in PhraseEvent e)
    {
        Provisional.Add(e);
        inner?.ObserveProvisional(e);
    }

    public void BeginContinuation()
    {
        Begun++;
        ObservedAtBegin.Add(Observed.Count);
        Provisional.Clear();
        inner?.BeginContinuation();
    }

    public GeneratedNote SampleNext(in SamplingSettings settings) => inner?.SampleNext(settings) ?? GeneratedNote.Rest(0);
}
