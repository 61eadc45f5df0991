using MusicGen.Live.Tensors.Core;
using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Tensors.Training;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Training.Common;

/// <summary>
/// Resumable checkpoints and weight files in safetensors. A checkpoint holds every parameter as
/// <c>model.{name}</c>, Adam's moments as <c>adam.m.{name}</c> / <c>adam.v.{name}</c>, and the loop state as
/// metadata. Files are written to a temporary name and renamed, so a run killed mid-write leaves the previous
/// checkpoint intact. Training thread only.
/// </summary>
public static class CheckpointStore
{
    public const string ModelPrefix = "model.";

    public static void Save(string path, ParameterSet parameters, Adam optimizer, CheckpointState state)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(state);
        var tensors = new NamedTensors();
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters.Parameters[i];
            var shape = p.Shape.ToArray();
            tensors.Add(ModelPrefix + p.Name, new Tensor(p.Values.ToArray(), shape));
            tensors.Add("adam.m." + p.Name, new Tensor((float[])optimizer.FirstMoment(i).Clone(), shape));
            tensors.Add("adam.v." + p.Name, new Tensor((float[])optimizer.SecondMoment(i).Clone(), shape));
        }

        foreach (var (k, v) in state.ToMetadata())
        {
            tensors.Metadata[k] = v;
        }

        WriteAtomically(path, tensors);
    }

    /// <summary>Restores parameters, optimiser moments and step; returns the loop state. Names and shapes must match.</summary>
    public static CheckpointState Load(string path, ParameterSet parameters, Adam optimizer)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        var tensors = SafeTensors.Read(path);
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters.Parameters[i];
            var shape = p.Shape.ToArray();
            tensors.Require(ModelPrefix + p.Name, shape).Data.AsSpan().CopyTo(p.Values);
            tensors.Require("adam.m." + p.Name, shape).Data.AsSpan().CopyTo(optimizer.FirstMoment(i));
            tensors.Require("adam.v." + p.Name, shape).Data.AsSpan().CopyTo(optimizer.SecondMoment(i));
        }

        var state = CheckpointState.FromMetadata(tensors.Metadata, path);
        optimizer.StepCount = state.AdamStep;
        return state;
    }

    /// <summary>Writes the parameters alone under their own names (what an inference model loads), with metadata.</summary>
    public static void SaveWeights(string path, ParameterSet parameters, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var tensors = new NamedTensors();
        foreach (var p in parameters.Parameters)
        {
            tensors.Add(p.Name, new Tensor(p.Values.ToArray(), p.Shape.ToArray()));
        }

        if (metadata is not null)
        {
            foreach (var (k, v) in metadata)
            {
                tensors.Metadata[k] = v;
            }
        }

        WriteAtomically(path, tensors);
    }

    /// <summary>Copies weights saved by <see cref="SaveWeights"/> into <paramref name="parameters"/> (names and shapes checked).</summary>
    public static void LoadWeights(string path, ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var tensors = SafeTensors.Read(path);
        foreach (var p in parameters.Parameters)
        {
            tensors.Require(p.Name, p.Shape.ToArray()).Data.AsSpan().CopyTo(p.Values);
        }
    }

    private static void WriteAtomically(string path, NamedTensors tensors)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        SafeTensors.Write(tmp, tensors);
        File.Move(tmp, path, overwrite: true);
    }
}
