using System.Runtime.InteropServices;

namespace MusicGen.Live.Engine.Threading;

/// <summary>
/// The one place the engine asks the OS for real-time scheduling of its own threads (engine, scheduler). .NET's
/// <see cref="ThreadPriority"/> only moves a thread within the normal time-sharing class, where any busy process can
/// still delay it by a time slice; a real-time policy runs it before every normal thread.
/// </summary>
/// <remarks>
/// Linux: <c>pthread_setschedparam(pthread_self(), SCHED_FIFO, …)</c>; granted to root with CAP_SYS_NICE or a user
/// whose <c>rtprio</c> limit allows the priority (Debian's audio group via /etc/security/limits.d), refused in
/// containers whose cgroup gives no real-time budget. Windows: MMCSS "Pro Audio" (<c>AvSetMmThreadCharacteristics</c>).
/// macOS and others: not granted, said so (the Mach time-constraint policy needs a period and computation budget
/// this engine does not declare). Never throws: a refusal is a result, and the thread runs on at normal priority.
/// Threading: call on the thread to be changed, at its start, before its loop (it may allocate).
/// </remarks>
public static partial class RealtimeThread
{
    private const int SchedFifo = 1;
    private const int Eperm = 1;

    /// <summary>Asks for real-time scheduling of the calling thread at <paramref name="priority"/> (1–99; Linux SCHED_FIFO).</summary>
    public static RealtimeGrant Request(int priority)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, 99);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return Linux(priority);
            }

            if (OperatingSystem.IsWindows())
            {
                return Windows(priority);
            }

            return new RealtimeGrant(false, "fifo", priority, $"no real-time scheduling call for {RuntimeInformation.OSDescription}; normal priority");
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return new RealtimeGrant(false, "fifo", priority, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private static RealtimeGrant Linux(int priority)
    {
        var param = new SchedParam { Priority = priority };
        var rc = PthreadSetSchedParam(PthreadSelf(), SchedFifo, ref param);
        if (rc == 0)
        {
            return new RealtimeGrant(true, "fifo", priority, null);
        }

        var reason = Marshal.GetPInvokeErrorMessage(rc);
        return new RealtimeGrant(false, "fifo", priority, rc == Eperm
            ? $"{reason}: needs CAP_SYS_NICE or an rtprio limit of at least {priority} (ulimit -r; Debian: the audio group), and a cgroup with a real-time budget"
            : reason);
    }

    private static RealtimeGrant Windows(int priority)
    {
        uint task = 0;
        var handle = AvSetMmThreadCharacteristics("Pro Audio", ref task);
        return handle != IntPtr.Zero
            ? new RealtimeGrant(true, "mmcss-pro-audio", priority, null)
            : new RealtimeGrant(false, "mmcss-pro-audio", priority, Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
    }

    [LibraryImport("libc", EntryPoint = "pthread_self")]
    private static partial nuint PthreadSelf();

    /// <summary>Returns the error number itself (0 on success); pthread functions do not set errno.</summary>
    [LibraryImport("libc", EntryPoint = "pthread_setschedparam")]
    private static partial int PthreadSetSchedParam(nuint thread, int policy, ref SchedParam param);

    [LibraryImport("avrt", EntryPoint = "AvSetMmThreadCharacteristicsW", StringMarshalling = StringMarshalling.Utf16, SetLastError = true)]
    private static partial IntPtr AvSetMmThreadCharacteristics(string taskName, ref uint taskIndex);

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }
}
