using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Tests.Training;

public sealed class WorkerPoolTests
{
    private sealed class CountJob(int tasks) : IParallelJob
    {
        public int[] Hits { get; } = new int[tasks];

        public int ThrowOn { get; set; } = -1;

        public void Execute(int task)
        {
            if (task == ThrowOn)
            {
                throw new InvalidOperationException($"task {task} failed");
            }

            Interlocked.Increment(ref Hits[task]);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(4, 3)]
    [InlineData(3, 100)]
    public void Every_task_runs_exactly_once_per_job(int threads, int tasks)
    {
        using var pool = new WorkerPool(threads);
        var job = new CountJob(tasks);
        for (var rep = 0; rep < 50; rep++)
        {
            pool.Run(job, tasks);
        }

        Assert.All(job.Hits, h => Assert.Equal(50, h));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Back_to_back_jobs_never_run_a_task_of_the_wrong_job(int threads)
    {
        // Late helpers must not claim a task of the next job under the previous job's count (or vice versa).
        using var pool = new WorkerPool(threads);
        var a = new CountJob(8);
        var b = new CountJob(8);
        long expectA = 0, expectB = 0;
        for (var i = 0; i < 20000; i++)
        {
            var n = 1 + (i % 7);
            pool.Run(i % 2 == 0 ? a : b, n);
            if (i % 2 == 0)
            {
                expectA += n;
            }
            else
            {
                expectB += n;
            }
        }

        Assert.Equal(expectA, a.Hits.Sum());
        Assert.Equal(expectB, b.Hits.Sum());
    }

    [Fact]
    public void A_failing_task_surfaces_on_the_caller_and_the_pool_keeps_working()
    {
        using var pool = new WorkerPool(2);
        var job = new CountJob(8) { ThrowOn = 5 };
        var ex = Assert.Throws<InvalidOperationException>(() => pool.Run(job, 8));
        Assert.Contains("task 5", ex.Message);
        var ok = new CountJob(8);
        pool.Run(ok, 8);
        Assert.All(ok.Hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void Slices_cover_the_range_without_overlap()
    {
        foreach (var (count, parts) in new[] { (10, 3), (3, 5), (16, 2), (0, 2) })
        {
            var next = 0;
            for (var i = 0; i < parts; i++)
            {
                var (s, e) = WorkerPool.Slice(count, parts, i);
                Assert.Equal(next, s);
                Assert.True(e >= s);
                next = e;
            }

            Assert.Equal(count, next);
        }
    }

    [Fact]
    public void The_first_wait_for_a_slow_helper_allocates_nothing()
    {
        // Regression: the pool used to wait on a ManualResetEventSlim, which creates a lock object on the
        // first Wait that really blocks; a warm training step that blocked for the first time allocated 24 B.
        using var pool = new WorkerPool(2);
        var caller = Environment.CurrentManagedThreadId;
        for (var i = 0; i < 3; i++)
        {
            pool.Run(new HandOffJob(caller, helperWaitsForCaller: true), 2); // the helper finishes first
        }

        var slow = new HandOffJob(caller, helperWaitsForCaller: false);
        var before = GC.GetAllocatedBytesForCurrentThread();
        pool.Run(slow, 2); // the caller finishes first and must block until the helper is done
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1, slow.CallerRan);
        Assert.Equal(0, allocated);
    }

    /// <summary>
    /// Two tasks, one per thread: each waits until the other has started, so neither thread can run both.
    /// Then the helper's task either ends well before the caller's, or sleeps so the caller has to block.
    /// </summary>
    private sealed class HandOffJob(int callerThread, bool helperWaitsForCaller) : IParallelJob
    {
        private int _started;

        public int CallerRan;

        public void Execute(int task)
        {
            Interlocked.Increment(ref _started);
            var onCaller = Environment.CurrentManagedThreadId == callerThread;
            var spin = default(SpinWait); // not SpinUntil: its lambda would allocate on the measured thread
            while (Volatile.Read(ref _started) < 2)
            {
                spin.SpinOnce();
            }

            if (onCaller)
            {
                Interlocked.Increment(ref CallerRan);
                if (helperWaitsForCaller)
                {
                    Thread.Sleep(20); // the helper is long done when the caller returns
                }
            }
            else if (!helperWaitsForCaller)
            {
                Thread.Sleep(20);
            }
        }
    }
}
