namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// One runtime's decode loop of the phrase model: feed an event into the KV cache, then draw the next event's
/// fields one head at a time (each head sees the fields chosen before it). <see cref="NativePhraseDecoder"/> runs
/// the project's own kernels; the ONNX Runtime decoder (Models/Onnx) runs the exported graphs. Both give
/// the same logits for the same events (tested), so a <see cref="PhraseGenerator"/> samples the same notes on
/// either. Threading: owned by one thread (the engine thread or its generation worker); after construction no
/// member allocates.
/// </summary>
public interface IPhraseDecoder
{
    /// <summary>The model's shape and encoding.</summary>
    PhraseTransformerConfig Config { get; }

    /// <summary>Which runtime runs the steps, for reports ("native", "onnx cpu", ...).</summary>
    string Runtime { get; }

    /// <summary>Events fed so far (positions keep counting after the window is full).</summary>
    long Position { get; }

    /// <summary>
    /// Style of the events fed from now on (<see cref="PhraseRunState.NoStyle"/> or a value below the config's
    /// styles); a value the model does not have is refused with an <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    int Style { get; set; }

    /// <summary>Forgets every fed event.</summary>
    void Reset();

    /// <summary>
    /// Forgets the events from <paramref name="position"/> on (events decoded ahead and never played); the next event
    /// takes <paramref name="position"/>. The hidden state is stale until the next <see cref="Observe"/> (re-feed the
    /// last kept event: <see cref="PhraseGenerator.Rollback"/> does). The cache window is a ring: the truncated
    /// positions' slots held the oldest ones, so those stay gone until as many new events refill the window.
    /// </summary>
    void Truncate(long position);

    /// <summary>Feeds one event at the next position; the hidden state then predicts the following event.</summary>
    void Observe(in PhraseToken token);

    /// <summary>Starts a step's field chain from the hidden state after the last event.</summary>
    void BeginFields();

    /// <summary>Logits of <paramref name="field"/> (its class count) given the fields chosen so far in this step.</summary>
    void FieldLogits(PhraseField field, Span<float> logits);

    /// <summary>Records the value drawn for <paramref name="field"/> so that later heads see it.</summary>
    void ChooseField(PhraseField field, int value);
}
