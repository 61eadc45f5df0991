using System.Runtime.InteropServices;

namespace MusicGen.Live.TestSupport.Jack;

/// <summary>
/// Sets a variable in the native process environment (libc <c>setenv</c>). .NET's
/// Environment.SetEnvironmentVariable only changes its managed copy on Unix, but libjack (inside RtMidi)
/// reads <c>JACK_DEFAULT_SERVER</c> with getenv, so in-process RtMidi tests need the native one.
/// </summary>
public static partial class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsWindows())
        {
            return; // Windows has one environment block; the managed call already set it.
        }

        if (SetEnv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
