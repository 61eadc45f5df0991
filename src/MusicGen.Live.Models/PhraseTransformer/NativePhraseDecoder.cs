namespace MusicGen.Live.Models.PhraseTransformer;

/// <summary>
/// The phrase model on the project's own kernels: a <see cref="PhraseTransformerModel"/> (shared, read-only) and
/// the run state this decoder owns. Threading and allocation as <see cref="IPhraseDecoder"/>.
/// </summary>
public sealed class NativePhraseDecoder : IPhraseDecoder
{
    private readonly PhraseTransformerModel _model;
    private readonly PhraseRunState _state;

    public NativePhraseDecoder(PhraseTransformerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _state = new PhraseRunState(model.Config, 1, model.CacheFormat);
    }

    public PhraseTransformerModel Model => _model;

    public PhraseTransformerConfig Config => _model.Config;

    public string Runtime => _model.DecodePrecision switch
    {
        PhraseDecodePrecision.Bf16 => "native bf16",
        PhraseDecodePrecision.Int8 => "native int8",
        PhraseDecodePrecision.Int8A16 => "native int8a16",
        PhraseDecodePrecision.Int8A16Kv => "native int8a16kv",
        _ => "native",
    };

    public long Position => _state.Position;

    public int Style
    {
        get => _state.Style;
        set => _state.Style = value;
    }

    public void Reset() => _state.Reset();

    public void Truncate(long position) => _state.Truncate(position);

    public void Observe(in PhraseToken token) => _model.Observe(token, _state);

    public void BeginFields() => _model.BeginFields(_state);

    public void FieldLogits(PhraseField field, Span<float> logits) => _model.FieldLogits(field, _state, logits);

    public void ChooseField(PhraseField field, int value) => _model.ChooseField(field, value, _state);
}
