using System.Globalization;
using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Tensors.Training;

/// <summary>
/// A resumable training checkpoint in one safetensors file: every parameter under its own name, Adam's
/// moments under <c>optim.m.{name}</c> / <c>optim.v.{name}</c>, and in <c>__metadata__</c> the format tag and
/// version, the training step, Adam's step count and learning rate, and the four words of the
/// <see cref="TrainRandom"/> state. Restoring all of it makes a resumed run bit-identical to an
/// uninterrupted one. Written to a temporary file and moved into place, so a crash never leaves half a file.
/// </summary>
public static class Checkpoint
{
    public const string Format = "musicgen-train-checkpoint";
    public const int Version = 1;

    public static void Save(string path, long step, ParameterSet parameters, Adam optimizer, TrainRandom rng, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(rng);
        var tensors = new NamedTensors();
        var inv = CultureInfo.InvariantCulture;
        if (extraMetadata is not null)
        {
            foreach (var (k, v) in extraMetadata)
            {
                tensors.Metadata[k] = v;
            }
        }

        tensors.Metadata["format"] = Format;
        tensors.Metadata["version"] = Version.ToString(inv);
        tensors.Metadata["step"] = step.ToString(inv);
        tensors.Metadata["optim.step"] = optimizer.StepCount.ToString(inv);
        tensors.Metadata["optim.lr"] = optimizer.LearningRate.ToString("R", inv);
        tensors.Metadata["rng"] = string.Join(",", rng.GetState().Select(w => w.ToString("x16", inv)));
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters.Parameters[i];
            var shape = p.Shape.ToArray();
            tensors.Add(p.Name, new Tensor(p.Data, shape));
            tensors.Add($"optim.m.{p.Name}", new Tensor(optimizer.FirstMoment(i), shape));
            tensors.Add($"optim.v.{p.Name}", new Tensor(optimizer.SecondMoment(i), shape));
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var temp = path + ".tmp";
        SafeTensors.Write(temp, tensors);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Restores parameters, optimiser state and random state; returns the saved training step. A missing
    /// tensor or a shape that does not match the model throws <see cref="WeightMismatchException"/> naming it;
    /// a foreign or damaged file throws <see cref="SafeTensorsFormatException"/> or <see cref="InvalidDataException"/>.
    /// </summary>
    public static long Load(string path, ParameterSet parameters, Adam optimizer, TrainRandom rng)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(rng);
        var tensors = SafeTensors.Read(path);
        var meta = tensors.Metadata;
        if (!meta.TryGetValue("format", out var format) || format != Format)
        {
            throw new InvalidDataException($"{path}: not a training checkpoint (metadata 'format' is '{format}')");
        }

        var version = Int(meta, "version", path);
        if (version != Version)
        {
            throw new InvalidDataException($"{path}: checkpoint version {version}, this build reads {Version}");
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters.Parameters[i];
            var shape = p.Shape.ToArray();
            tensors.Require(p.Name, shape).Data.CopyTo(p.Data, 0);
            tensors.Require($"optim.m.{p.Name}", shape).Data.CopyTo(optimizer.FirstMoment(i), 0);
            tensors.Require($"optim.v.{p.Name}", shape).Data.CopyTo(optimizer.SecondMoment(i), 0);
        }

        optimizer.StepCount = Int(meta, "optim.step", path);
        optimizer.LearningRate = float.Parse(Text(meta, "optim.lr", path), NumberStyles.Float, CultureInfo.InvariantCulture);
        var words = Text(meta, "rng", path).Split(',');
        if (words.Length != 4)
        {
            throw new InvalidDataException($"{path}: metadata 'rng' must hold four words");
        }

        rng.SetState([.. words.Select(w => ulong.Parse(w, NumberStyles.HexNumber, CultureInfo.InvariantCulture))]);
        return Int(meta, "step", path);
    }

    private static string Text(Dictionary<string, string> meta, string key, string path) =>
        meta.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"{path}: checkpoint metadata lacks '{key}'");

    private static long Int(Dictionary<string, string> meta, string key, string path) =>
        long.TryParse(Text(meta, key, path), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new InvalidDataException($"{path}: checkpoint metadata '{key}' is not an integer");
}
