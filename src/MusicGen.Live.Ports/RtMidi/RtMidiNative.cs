using System.Runtime.InteropServices;

namespace MusicGen.Live.Ports.RtMidi;

/// <summary>RtMidi's C API (rtmidi_c.h, RtMidi 5/6). Check <see cref="RtMidiWrapper.Ok"/> after every call on a handle.</summary>
internal static unsafe partial class RtMidiNative
{
    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_get_compiled_api")]
    public static partial int GetCompiledApi(RtMidiApi* apis, uint apisSize);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_api_name")]
    public static partial byte* ApiName(RtMidiApi api);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_api_display_name")]
    public static partial byte* ApiDisplayName(RtMidiApi api);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_open_port", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void OpenPort(SafeHandle device, uint portNumber, string portName);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_open_virtual_port", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void OpenVirtualPort(SafeHandle device, string portName);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_close_port")]
    public static partial void ClosePort(SafeHandle device);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_get_port_count")]
    public static partial uint GetPortCount(SafeHandle device);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_get_port_name")]
    public static partial int GetPortName(SafeHandle device, uint portNumber, byte* bufOut, int* bufLen);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_in_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial RtMidiInHandle InCreate(RtMidiApi api, string clientName, uint queueSizeLimit);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_in_free")]
    public static partial void InFree(IntPtr device);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_in_get_current_api")]
    public static partial RtMidiApi InGetCurrentApi(SafeHandle device);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_in_set_callback")]
    public static partial void InSetCallback(
        SafeHandle device,
        delegate* unmanaged[Cdecl]<double, byte*, nuint, IntPtr, void> callback,
        IntPtr userData);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_in_cancel_callback")]
    public static partial void InCancelCallback(SafeHandle device);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_in_ignore_types")]
    public static partial void InIgnoreTypes(
        SafeHandle device,
        [MarshalAs(UnmanagedType.U1)] bool midiSysex,
        [MarshalAs(UnmanagedType.U1)] bool midiTime,
        [MarshalAs(UnmanagedType.U1)] bool midiSense);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_out_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial RtMidiOutHandle OutCreate(RtMidiApi api, string clientName);

    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_out_free")]
    public static partial void OutFree(IntPtr device);

    /// <summary>Raw pointer: the send path must not pay SafeHandle AddRef/Release per message; the owner keeps the handle alive.</summary>
    [LibraryImport(NativeLibraries.RtMidi, EntryPoint = "rtmidi_out_send_message")]
    public static partial int OutSendMessage(IntPtr device, byte* message, int length);
}
