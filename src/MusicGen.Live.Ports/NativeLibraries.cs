using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MusicGen.Live.Ports;

/// <summary>
/// Maps the logical library names used by <c>[LibraryImport]</c> (<see cref="RtMidi"/>, <see cref="Jack"/>, <see cref="Alsa"/>)
/// to the file names each platform really ships: Debian has <c>librtmidi.so.6</c> (no unversioned
/// <c>.so</c> without the -dev package), newer distributions <c>.so.7</c>; JACK is <c>libjack.so.0</c>.
/// </summary>
/// <remarks>Threading: runs once at module load; the runtime calls the resolver under its own lock.</remarks>
internal static class NativeLibraries
{
    public const string RtMidi = "rtmidi";
    public const string Jack = "jack";
    public const string Alsa = "asound";

    private static readonly Dictionary<string, string[]> s_candidates = new()
    {
        [RtMidi] = ["librtmidi.so.7", "librtmidi.so.6", "librtmidi.so.5", "librtmidi.so", "rtmidi.dll", "librtmidi.dll", "librtmidi.dylib", "librtmidi.7.dylib", "librtmidi.6.dylib"],
        [Jack] = ["libjack.so.0", "libjack.so", "libjack64.dll", "libjack.dll", "libjack.0.dylib", "libjack.dylib"],
        [Alsa] = ["libasound.so.2", "libasound.so"],
    };

#pragma warning disable CA2255 // A module initializer is the documented place to install a DllImport resolver for the whole assembly.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);

    /// <summary>True when the named library can be loaded (used to report a clear "install librtmidi" error).</summary>
    public static bool IsAvailable(string name) => TryLoad(name, out _);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        TryLoad(name, out var handle) ? handle : IntPtr.Zero;

    private static bool TryLoad(string name, out IntPtr handle)
    {
        handle = IntPtr.Zero;
        if (!s_candidates.TryGetValue(name, out var files))
        {
            return false;
        }

        foreach (var file in files)
        {
            if (NativeLibrary.TryLoad(file, typeof(NativeLibraries).Assembly, null, out handle))
            {
                return true;
            }
        }

        return false;
    }
}
