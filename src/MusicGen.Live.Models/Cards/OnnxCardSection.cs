using System.Text.Json.Serialization;

namespace MusicGen.Live.Models.Cards;

/// <summary>
/// A model card's <c>onnx</c> section, written by <c>tools/export_onnx.py</c>: the step graph, for the phrase
/// model also the field-head graph, the opset and the exporter that made them.
/// </summary>
public sealed record OnnxCardSection
{
    [JsonPropertyName("step")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OnnxFileEntry? Step { get; init; }

    [JsonPropertyName("heads")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OnnxFileEntry? Heads { get; init; }

    [JsonPropertyName("opset")]
    public int Opset { get; init; }

    [JsonPropertyName("exporter")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Exporter { get; init; }
}
