namespace MusicGen.Live.Tensors.Training;

/// <summary>
/// Work that a <see cref="WorkerPool"/> splits into numbered tasks. Each task must write only its own
/// disjoint part of the output, so the result does not depend on which thread ran which task.
/// Jobs are reusable objects (kept in op records) so that running one allocates nothing.
/// </summary>
public interface IParallelJob
{
    void Execute(int task);
}
