using System.Runtime.InteropServices;

namespace MusicGen.Live.Ports.Jack;

/// <summary>
/// The part of libjack (jack/jack.h, jack/midiport.h) the native backend uses. Raw pointers on purpose:
/// the process callback calls these every cycle and must not pay marshalling or allocate.
/// </summary>
internal static unsafe partial class JackNative
{
    public const int JackNullOption = 0x00;
    public const int JackNoStartServer = 0x01;
    public const int JackServerName = 0x04;
    public const ulong JackPortIsInput = 0x1;
    public const ulong JackPortIsOutput = 0x2;
    public const string MidiType = "8 bit raw midi";

    /// <summary><c>jack_latency_callback_mode_t</c>: latency since the data was captured (flows downstream).</summary>
    public const int JackCaptureLatency = 0;

    /// <summary><c>jack_latency_callback_mode_t</c>: latency until the data is played back (flows upstream).</summary>
    public const int JackPlaybackLatency = 1;

    /// <summary>
    /// <c>jack_client_open</c> is variadic; the server name is its one optional argument. On the System V
    /// x64 and AArch64 Linux ABIs a pointer passed variadically travels exactly like a fixed one, so it is
    /// declared here as a fourth fixed parameter (used only with <see cref="JackServerName"/>).
    /// </summary>
    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_client_open")]
    public static partial IntPtr ClientOpen(byte* clientName, int options, int* status, byte* serverName);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_client_close")]
    public static partial int ClientClose(IntPtr client);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_get_client_name")]
    public static partial byte* GetClientName(IntPtr client);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_activate")]
    public static partial int Activate(IntPtr client);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_deactivate")]
    public static partial int Deactivate(IntPtr client);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_get_sample_rate")]
    public static partial uint GetSampleRate(IntPtr client);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_get_buffer_size")]
    public static partial uint GetBufferSize(IntPtr client);

    /// <summary>JACK's filtered (DLL) timing of the current cycle, on its microsecond clock; 0 on success. Process thread only.</summary>
    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_get_cycle_times")]
    public static partial int GetCycleTimes(IntPtr client, uint* currentFrames, ulong* currentUsecs, ulong* nextUsecs, float* periodUsecs);

    /// <summary>JACK's microsecond clock (the one <see cref="GetCycleTimes"/> reports on).</summary>
    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_get_time")]
    public static partial ulong GetTime();

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_set_process_callback")]
    public static partial int SetProcessCallback(IntPtr client, delegate* unmanaged[Cdecl]<uint, IntPtr, int> callback, IntPtr arg);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_on_info_shutdown")]
    public static partial void OnInfoShutdown(IntPtr client, delegate* unmanaged[Cdecl]<int, byte*, IntPtr, void> callback, IntPtr arg);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_set_xrun_callback")]
    public static partial int SetXrunCallback(IntPtr client, delegate* unmanaged[Cdecl]<IntPtr, int> callback, IntPtr arg);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_set_latency_callback")]
    public static partial int SetLatencyCallback(IntPtr client, delegate* unmanaged[Cdecl]<int, IntPtr, void> callback, IntPtr arg);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_port_get_latency_range")]
    public static partial void PortGetLatencyRange(IntPtr port, int mode, JackLatencyRange* range);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_port_set_latency_range")]
    public static partial void PortSetLatencyRange(IntPtr port, int mode, JackLatencyRange* range);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_recompute_total_latencies")]
    public static partial int RecomputeTotalLatencies(IntPtr client);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_port_unregister")]
    public static partial int PortUnregister(IntPtr client, IntPtr port);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_port_register")]
    public static partial IntPtr PortRegister(IntPtr client, byte* portName, byte* portType, ulong flags, ulong bufferSize);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_port_name")]
    public static partial byte* PortName(IntPtr port);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_port_by_name")]
    public static partial IntPtr PortByName(IntPtr client, byte* portName);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_connect")]
    public static partial int Connect(IntPtr client, byte* sourcePort, byte* destinationPort);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_get_ports")]
    public static partial byte** GetPorts(IntPtr client, byte* portNamePattern, byte* typeNamePattern, ulong flags);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_free")]
    public static partial void Free(void* ptr);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_port_get_buffer")]
    public static partial IntPtr PortGetBuffer(IntPtr port, uint frames);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_midi_get_event_count")]
    public static partial uint MidiGetEventCount(IntPtr portBuffer);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_midi_event_get")]
    public static partial int MidiEventGet(JackMidiEvent* ev, IntPtr portBuffer, uint index);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_midi_clear_buffer")]
    public static partial void MidiClearBuffer(IntPtr portBuffer);

    [LibraryImport(NativeLibraries.Jack, EntryPoint = "jack_midi_event_write")]
    public static partial int MidiEventWrite(IntPtr portBuffer, uint time, byte* data, nuint size);
}
