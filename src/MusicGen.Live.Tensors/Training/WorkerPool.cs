using System.Runtime.ExceptionServices;

namespace MusicGen.Live.Tensors.Training;

/// <summary>
/// A persistent pool for training parallelism: <c>ThreadCount - 1</c> background threads park on a
/// semaphore between jobs and the calling thread works too, so a job costs a wake-up, not a thread-pool
/// round trip or a per-call <c>Parallel.For</c> closure. Tasks are claimed one at a time from a single
/// 64-bit word holding (job generation, next task); the caller waits for the tasks to be DONE, not for the
/// helpers to check in, so a helper that the OS schedules late (a busy shared machine) costs nothing: the
/// caller simply runs its tasks, and the late helper finds the generation moved on and parks again.
/// Each task owns a disjoint slice of the output and fixes its own summation order, so results are
/// bit-identical for any schedule (determinism depends only on the task split, i.e. the thread count).
/// Threading: <see cref="Run"/> is called by one training thread at a time; a nested call from inside a
/// task runs inline. Inference code does not use this pool.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    private const long Closed = int.MaxValue;
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _wake = new(0);
    // A semaphore, not a ManualResetEventSlim: the event creates its lock object lazily, on the first Wait that
    // has to block, so a step that first blocks late allocated 24 bytes (seen once in CI). SemaphoreSlim makes
    // its lock in the constructor. Exactly one Release per job (by whoever finishes the last task) pairs with
    // the caller's one Wait, so no Reset is needed.
    private readonly SemaphoreSlim _done = new(0);
    private long _state;
    private IParallelJob? _job;
    private int _taskCount;
    private int _completed;
    private Exception? _error;
    private volatile bool _disposed;

    [ThreadStatic]
    private static bool t_inTask;

    public WorkerPool(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        ThreadCount = threadCount;
        _threads = new Thread[threadCount - 1];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"musicgen-train-{i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>A pool that runs everything on the calling thread.</summary>
    public static WorkerPool Inline { get; } = new(1);

    public int ThreadCount { get; }

    /// <summary>Runs <paramref name="job"/> for tasks 0..<paramref name="taskCount"/>-1 and returns when all are done.</summary>
    public void Run(IParallelJob job, int taskCount)
    {
        ArgumentNullException.ThrowIfNull(job);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (taskCount <= 0)
        {
            return;
        }

        if (ThreadCount == 1 || taskCount == 1 || t_inTask)
        {
            for (var t = 0; t < taskCount; t++)
            {
                job.Execute(t);
            }

            return;
        }

        // Close the word first (new generation, no task claimable), then write the job, then open it: a helper
        // that read the old word fails its claim, and one that reads the open word sees this job and count.
        var generation = (Volatile.Read(ref _state) >> 32) + 1;
        Interlocked.Exchange(ref _state, (generation << 32) | Closed);
        _job = job;
        _taskCount = taskCount;
        _error = null;
        Volatile.Write(ref _completed, 0);
        Interlocked.Exchange(ref _state, generation << 32);
        _wake.Release(Math.Min(_threads.Length, taskCount - 1));
        RunTasks();
        _done.Wait();

        if (_error is { } error)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    /// <summary>Splits <paramref name="count"/> items into at most <paramref name="parts"/> near-equal ranges; returns range <paramref name="index"/>.</summary>
    public static (int Start, int End) Slice(int count, int parts, int index)
    {
        var baseSize = count / parts;
        var extra = count % parts;
        var start = (index * baseSize) + Math.Min(index, extra);
        return (start, start + baseSize + (index < extra ? 1 : 0));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_threads.Length > 0)
        {
            _wake.Release(_threads.Length);
        }

        foreach (var t in _threads)
        {
            t.Join();
        }

        _wake.Dispose();
        _done.Dispose();
    }

    /// <summary>Claims and runs tasks of the current generation until none are left.</summary>
    private void RunTasks()
    {
        t_inTask = true;
        try
        {
            while (true)
            {
                var state = Volatile.Read(ref _state);
                var job = _job;
                var count = _taskCount;
                var task = (int)(state & 0xFFFFFFFF);
                if (job is null || task >= count)
                {
                    return;
                }

                // Claim succeeds only if the generation is still the one we read the job and count under.
                if (Interlocked.CompareExchange(ref _state, state + 1, state) != state)
                {
                    continue;
                }

                try
                {
                    job.Execute(task);
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref _error, ex, null);
                }

                if (Interlocked.Increment(ref _completed) == count)
                {
                    _done.Release();
                }
            }
        }
        finally
        {
            t_inTask = false;
        }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            _wake.Wait();
            if (_disposed)
            {
                return;
            }

            RunTasks();
        }
    }
}
