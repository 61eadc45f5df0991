using System.Runtime.InteropServices;
using MusicGen.Live.Ports.Jack;

namespace MusicGen.Live.Ports.RtMidi;

/// <summary>
/// Asks ALSA itself whether its sequencer opens, before RtMidi tries: RtMidi's C API loses the text of the
/// error it hits there (a dangling pointer), while <c>snd_seq_open</c> returns an errno that
/// <c>snd_strerror</c> names ("No such file or directory" when there is no <c>/dev/snd/seq</c>).
/// </summary>
/// <remarks>Threading: control thread only (opening ports), never on a real-time path.</remarks>
internal static unsafe partial class AlsaSequencerProbe
{
    private const int SndSeqOpenDuplex = 3;

    /// <summary>Null when the sequencer opens; otherwise why not, in the system's words.</summary>
    public static string? Problem()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "ALSA exists only on Linux";
        }

        if (!NativeLibraries.IsAvailable(NativeLibraries.Alsa))
        {
            return "libasound.so.2 not found (Debian: libasound2)";
        }

        IntPtr seq;
        var rc = SeqOpen(&seq, "default", SndSeqOpenDuplex, 0);
        if (rc < 0)
        {
            var reason = Utf8.Read(StrError(rc)) ?? $"error {rc}";
            var device = File.Exists("/dev/snd/seq") ? "/dev/snd/seq is there" : "no /dev/snd/seq: the snd-seq kernel module is not loaded or no sound devices are passed in";
            return $"snd_seq_open(\"default\") failed: {reason} ({device})";
        }

        _ = SeqClose(seq);
        return null;
    }

    [LibraryImport(NativeLibraries.Alsa, EntryPoint = "snd_seq_open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SeqOpen(IntPtr* handle, string name, int streams, int mode);

    [LibraryImport(NativeLibraries.Alsa, EntryPoint = "snd_seq_close")]
    private static partial int SeqClose(IntPtr handle);

    [LibraryImport(NativeLibraries.Alsa, EntryPoint = "snd_strerror")]
    private static partial byte* StrError(int errnum);
}
