using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>A phrase decoder that passes through to another and keeps the time-shift logits of every sampling step.</summary>
public sealed class RecordingDecoder(IPhraseDecoder inner) : IPhraseDecoder
{
    /// <summary>(position when the step began, its shift logits) of every step.</summary>
    public List<(long Position, float[] Logits)> ShiftLogits { get; } = [];

    public PhraseTransformerConfig Config => inner.Config;

    public string Runtime => inner.Runtime;

    public long Position => inner.Position;

    public int Style
    {
        get => inner.Style;
        set => inner.Style = value;
    }

    public void Reset() => inner.Reset();

    public void Truncate(long position) => inner.Truncate(position);

    public void Observe(in PhraseToken token) => inner.Observe(token);

    public void BeginFields() => inner.BeginFields();

    public void FieldLogits(PhraseField field, Span<float> logits)
    {
        inner.FieldLogits(field, logits);
        if (field == PhraseField.Shift)
        {
            ShiftLogits.Add((inner.Position, logits.ToArray()));
        }
    }

    public void ChooseField(PhraseField field, int value) => inner.ChooseField(field, value);
}
