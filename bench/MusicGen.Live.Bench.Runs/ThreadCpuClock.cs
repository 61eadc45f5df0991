using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>, through the vDSO: no system call), so a
/// step's cost can be read apart from the time the thread spent descheduled on a shared machine. Where the clock
/// is missing (not Linux) it falls back to wall time and <see cref="IsThreadCpu"/> says so.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static bool IsThreadCpu { get; } = Probe();

    /// <summary>Nanoseconds of this thread's CPU time (or of wall time when <see cref="IsThreadCpu"/> is false).</summary>
    public static long NowNs()
    {
        if (IsThreadCpu && ClockGetTime(ClockThreadCpuTimeId, out var ts) == 0)
        {
            return (ts.Seconds * 1_000_000_000L) + ts.Nanoseconds;
        }

        return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
    }

    private static bool Probe()
    {
        try
        {
            return OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
