using System.Runtime.InteropServices;

namespace MusicGen.Live.TestSupport.Jack;

/// <summary>
/// Sends a POSIX signal to one process by PID. Process.Kill is SIGKILL, and a jackd killed that way leaves
/// its entry in JACK's shared server registry (8 slots for the whole machine), so servers are stopped
/// with SIGTERM and only a deliberate crash uses SIGKILL.
/// </summary>
public static partial class NativeSignal
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    public static bool Send(int pid, int signal) => !OperatingSystem.IsWindows() && Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
