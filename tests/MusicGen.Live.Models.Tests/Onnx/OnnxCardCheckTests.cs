using MusicGen.Live.Models.Cards;
using MusicGen.Live.Models.Onnx;
using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Models.Tests.Onnx;

/// <summary>The ONNX graphs go through the same card checks as the safetensors: a bad file is an error naming it.</summary>
public sealed class OnnxCardCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onnx-card").FullName;

    [Fact]
    public void A_corrupted_graph_is_refused_naming_the_file()
    {
        var card = CopyModel("stylenet-note", "stylenet-note.onnx");
        var graph = Path.Combine(_dir, "stylenet-note.onnx");
        var bytes = File.ReadAllBytes(graph);
        bytes[bytes.Length / 2] ^= 0x5a;
        File.WriteAllBytes(graph, bytes);
        var e = Assert.Throws<ModelFileException>(() => OrtNoteStyleNet.Load(card, OnnxDevice.Cpu));
        Assert.Contains("stylenet-note.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_or_missing_graph_is_refused_naming_the_file()
    {
        var card = CopyModel("phrase-transformer", "phrase-transformer-step.onnx", "phrase-transformer-heads.onnx");
        var heads = Path.Combine(_dir, "phrase-transformer-heads.onnx");
        File.WriteAllBytes(heads, File.ReadAllBytes(heads)[..1000]);
        var e = Assert.Throws<ModelFileException>(() => OrtPhraseModel.Load(Path.ChangeExtension(card, null), OnnxDevice.Cpu));
        Assert.Contains("phrase-transformer-heads.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("bytes", e.Message, StringComparison.Ordinal);
        File.Delete(heads);
        e = Assert.Throws<ModelFileException>(() => OrtPhraseModel.Load(Path.ChangeExtension(card, null), OnnxDevice.Cpu));
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_without_an_onnx_step_say_they_run_natively()
    {
        var e = Assert.Throws<ModelFileException>(() => OrtNoteStyleNet.Load(RepoPaths.InRepo("models", "stylenet-note-ensemble.json"), OnnxDevice.Cpu));
        Assert.Contains("natively", e.Message, StringComparison.Ordinal);
        var card = CopyModel("stylenet-note");
        File.WriteAllText(card, File.ReadAllText(card).Replace("\"onnx\"", "\"onnx_removed\"", StringComparison.Ordinal));
        e = Assert.Throws<ModelFileException>(() => OrtNoteStyleNet.Load(card, OnnxDevice.Cpu));
        Assert.Contains("tools/export_onnx.py", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_style_conditioned_phrase_model_is_refused_naming_the_native_runtime()
    {
        // The graphs have no style input; a styled card must not run on them with its style silently dropped.
        var card = CopyModel("phrase-transformer", "phrase-transformer-step.onnx", "phrase-transformer-heads.onnx");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(card))!;
        json["config"]!["styles"] = 2;
        File.WriteAllText(card, json.ToJsonString());
        var e = Assert.Throws<ModelFileException>(() => OrtPhraseModel.Load(Path.ChangeExtension(card, null), OnnxDevice.Cpu));
        Assert.Contains("styles", e.Message, StringComparison.Ordinal);
        Assert.Contains("native", e.Message, StringComparison.Ordinal);
        Assert.Contains(card, e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string CopyModel(string name, params string[] graphs)
    {
        foreach (var f in graphs.Append(name + ".json"))
        {
            File.Copy(RepoPaths.InRepo("models", f), Path.Combine(_dir, f));
        }

        return Path.Combine(_dir, name + ".json");
    }
}
