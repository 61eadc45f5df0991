using System.Text.Json;
using MusicGen.Live.TestSupport;

namespace MusicGen.Live.Tensors.Tests.Autograd;

/// <summary>One golden training step written by tools/golden_grads.py: parameters, inputs, loss and gradients.</summary>
internal sealed class GoldenGrads
{
    private GoldenGrads(JsonElement root)
    {
        Config = root.GetProperty("config");
        Loss = root.GetProperty("loss").GetDouble();
        Params = Read(root.GetProperty("params"));
        Inputs = Read(root.GetProperty("inputs"));
        Grads = Read(root.GetProperty("grads"));
    }

    public JsonElement Config { get; }

    public double Loss { get; }

    public Dictionary<string, (int[] Shape, float[] Data)> Params { get; }

    public Dictionary<string, (int[] Shape, float[] Data)> Inputs { get; }

    public Dictionary<string, (int[] Shape, float[] Data)> Grads { get; }

    public int Int(string name) => Config.GetProperty(name).GetInt32();

    public static GoldenGrads Load(string fileName)
    {
        var path = RepoPaths.InRepo("tests", "MusicGen.Live.Tensors.Tests", "Golden", fileName);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return new GoldenGrads(doc.RootElement.Clone());
    }

    /// <summary>Asserts max|a − b| ≤ rel · max|b| over the tensor (1e-4 by default).</summary>
    public static void AssertClose(string name, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double rel = 1e-4)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxRef = 0, maxErr = 0;
        var worst = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            maxRef = Math.Max(maxRef, Math.Abs(expected[i]));
            var err = Math.Abs(actual[i] - expected[i]);
            if (err > maxErr)
            {
                maxErr = err;
                worst = i;
            }
        }

        Assert.True(
            maxErr <= rel * Math.Max(maxRef, 1e-6),
            $"{name}: max error {maxErr:g4} at {worst} (ref max {maxRef:g4}): got {(worst >= 0 ? actual[worst] : 0)}, expected {(worst >= 0 ? expected[worst] : 0)}");
    }

    private static Dictionary<string, (int[] Shape, float[] Data)> Read(JsonElement obj)
    {
        var result = new Dictionary<string, (int[], float[])>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
        {
            var shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var data = p.Value.GetProperty("data").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            result.Add(p.Name, (shape, data));
        }

        return result;
    }
}
