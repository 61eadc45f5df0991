using System.Runtime.InteropServices;
using System.Text;

namespace MusicGen.Live.Ports.Jack;

/// <summary>Small UTF-8 helpers for C strings on the control path (open, connect, list), never in a callback.</summary>
internal static unsafe class Utf8
{
    public static byte[] Z(string text) => Encoding.UTF8.GetBytes(text + "\0");

    public static string? Read(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((IntPtr)text);
}
