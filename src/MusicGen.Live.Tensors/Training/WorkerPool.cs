using System.Runtime.ExceptionServices;

namespace MusicGen.Live.Tensors.Training;

/// <summary>
/// A persistent pool for training parallelism: <c>ThreadCount - 1</c> background threads park on a
/// semaphore between jobs and the calling thread works as the last worker, so a job costs two wake-ups,
/// not a thread-pool round trip or a per-call <c>Parallel.For</c> closure. Tasks are handed out by an
/// atomic counter; since each task owns a disjoint slice of the output and fixes its own summation
/// order, results are bit-identical for any schedule (determinism depends only on the task split).
/// Threading: <see cref="Run"/> is called by one training thread at a time; a nested call from inside a
/// task runs inline. Inference code does not use this pool.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ManualResetEventSlim _done = new(false, spinCount: 200);
    private IParallelJob? _job;
    private int _taskCount;
    private int _nextTask;
    private int _running;
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

        var helpers = Math.Min(_threads.Length, taskCount - 1);
        _job = job;
        _taskCount = taskCount;
        _error = null;
        Volatile.Write(ref _nextTask, 0);
        Volatile.Write(ref _running, helpers);
        _done.Reset();
        _wake.Release(helpers);
        RunTasks(job);
        _done.Wait();
        _job = null;
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

    private void RunTasks(IParallelJob job)
    {
        t_inTask = true;
        try
        {
            int t;
            while ((t = Interlocked.Increment(ref _nextTask) - 1) < _taskCount)
            {
                job.Execute(t);
            }
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _error, ex, null);
            Volatile.Write(ref _nextTask, int.MaxValue / 2);
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

            if (_job is { } job)
            {
                RunTasks(job);
            }

            if (Interlocked.Decrement(ref _running) == 0)
            {
                _done.Set();
            }
        }
    }
}
