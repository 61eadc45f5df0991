using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;

namespace MusicGen.Live.Ports.RtMidi;

/// <summary>
/// Entry point of the RtMidi backend: which APIs the user's librtmidi has, listing ports, opening them by
/// index / exact name / pattern, and virtual ports other programs connect to.
/// </summary>
/// <remarks>Threading: control thread only. Every call checks RtMidi's status and throws <see cref="MidiPortException"/>.</remarks>
public static unsafe class RtMidiBackend
{
    /// <summary>The APIs compiled into the loaded librtmidi (e.g. ALSA and JACK on Debian).</summary>
    public static IReadOnlyList<RtMidiApi> CompiledApis()
    {
        EnsureLibrary();
        var apis = stackalloc RtMidiApi[16];
        var count = RtMidiNative.GetCompiledApi(apis, 16);
        var list = new List<RtMidiApi>();
        for (var i = 0; i < Math.Min(count, 16); i++)
        {
            list.Add(apis[i]);
        }

        return list;
    }

    /// <summary>RtMidi's short name for an API ("jack", "alsa", "core", "winmm").</summary>
    public static string ApiName(RtMidiApi api)
    {
        EnsureLibrary();
        return Utf8.Read(RtMidiNative.ApiName(api)) ?? api.ToString();
    }

    /// <summary>Parses a user's API name against what the library has; null/empty picks RtMidi's default.</summary>
    public static RtMidiApi ParseApi(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return RtMidiApi.Unspecified;
        }

        var compiled = CompiledApis();
        foreach (var api in compiled)
        {
            if (string.Equals(ApiName(api), name, StringComparison.OrdinalIgnoreCase))
            {
                return api;
            }
        }

        throw new MidiPortException(name, $"unknown or unavailable MIDI API; this librtmidi has: {string.Join(", ", compiled.Select(ApiName))}");
    }

    public static IReadOnlyList<string> ListInputs(RtMidiApi api)
    {
        using var handle = CreateIn(api, "musicgen-list", "(listing inputs)");
        return List(handle, "(listing inputs)");
    }

    public static IReadOnlyList<string> ListOutputs(RtMidiApi api)
    {
        using var handle = CreateOut(api, "musicgen-list", "(listing outputs)");
        return List(handle, "(listing outputs)");
    }

    /// <summary>Opens an existing source port (another program's output) chosen by <paramref name="spec"/>.</summary>
    public static RtMidiInput OpenInput(RtMidiApi api, string spec, string clientName = "musicgen")
    {
        var handle = CreateIn(api, clientName, spec);
        try
        {
            var names = List(handle, spec);
            var index = PortSelector.Resolve(names, spec, "input");
            var input = new RtMidiInput(handle, names[index]);
            RtMidiNative.OpenPort(handle, (uint)index, "in");
            RtMidiStatus.Check(handle, names[index], "rtmidi_open_port");
            Watch(api, input, names[index], sources: true);
            return input;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Creates a virtual input port other programs connect to, e.g. <c>musicgen-in:in</c> on JACK.</summary>
    public static RtMidiInput OpenVirtualInput(RtMidiApi api, string clientName, string portName)
    {
        var handle = CreateIn(api, clientName, portName);
        try
        {
            var input = new RtMidiInput(handle, $"{clientName}:{portName}");
            RtMidiNative.OpenVirtualPort(handle, portName);
            RtMidiStatus.Check(handle, input.Name, "rtmidi_open_virtual_port");
            Watch(api, input, peer: null, sources: true);
            return input;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing destination port (another program's input) chosen by <paramref name="spec"/>.</summary>
    public static RtMidiOutput OpenOutput(RtMidiApi api, string spec, string clientName = "musicgen")
    {
        var handle = CreateOut(api, clientName, spec);
        try
        {
            var names = List(handle, spec);
            var index = PortSelector.Resolve(names, spec, "output");
            RtMidiNative.OpenPort(handle, (uint)index, "out");
            RtMidiStatus.Check(handle, names[index], "rtmidi_open_port");
            var output = new RtMidiOutput(handle, names[index]);
            Watch(api, output, names[index], sources: false);
            return output;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Creates a virtual output port other programs connect to.</summary>
    public static RtMidiOutput OpenVirtualOutput(RtMidiApi api, string clientName, string portName)
    {
        var handle = CreateOut(api, clientName, portName);
        try
        {
            RtMidiNative.OpenVirtualPort(handle, portName);
            RtMidiStatus.Check(handle, $"{clientName}:{portName}", "rtmidi_open_virtual_port");
            var output = new RtMidiOutput(handle, $"{clientName}:{portName}");
            Watch(api, output, peer: null, sources: false);
            return output;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    internal static void EnsureLibrary()
    {
        if (!NativeLibraries.IsAvailable(NativeLibraries.RtMidi))
        {
            throw new MidiPortException("rtmidi", "librtmidi not found (tried librtmidi.so.7/.so.6, rtmidi.dll, librtmidi.dylib): install RtMidi (Debian: librtmidi6)");
        }
    }

    private static RtMidiInHandle CreateIn(RtMidiApi api, string clientName, string portName)
    {
        EnsureLibrary();
        EnsureServer(api, portName);
        var handle = RtMidiNative.InCreate(api, clientName, 1024);
        RtMidiStatus.Check(handle, portName, "rtmidi_in_create");
        return handle;
    }

    private static RtMidiOutHandle CreateOut(RtMidiApi api, string clientName, string portName)
    {
        EnsureLibrary();
        EnsureServer(api, portName);
        var handle = RtMidiNative.OutCreate(api, clientName);
        RtMidiStatus.Check(handle, portName, "rtmidi_out_create");
        return handle;
    }

    /// <summary>
    /// Asks the system first, so a failure says why in its words: RtMidi's JACK code only warns on stderr when no
    /// server runs, then fails later in odd ways, and its ALSA error text is lost through its C API.
    /// </summary>
    private static void EnsureServer(RtMidiApi api, string portName)
    {
        if (api == RtMidiApi.LinuxAlsa && AlsaSequencerProbe.Problem() is { } problem)
        {
            throw new MidiPortException(portName, $"RtMidi ALSA API: {problem}");
        }

        if (api != RtMidiApi.UnixJack)
        {
            return;
        }

        try
        {
            using var probe = JackMidiClient.Open("musicgen-probe");
        }
        catch (MidiPortException ex)
        {
            throw new MidiPortException(portName, $"RtMidi JACK API: {RtMidiApiTrial.Reason(ex)}", ex);
        }
    }

    private static List<string> List(System.Runtime.InteropServices.SafeHandle handle, string portName)
    {
        var count = RtMidiNative.GetPortCount(handle);
        RtMidiStatus.Check(handle, portName, "rtmidi_get_port_count");
        var names = new List<string>((int)count);
        for (uint i = 0; i < count; i++)
        {
            int length = 0;
            RtMidiNative.GetPortName(handle, i, null, &length);
            RtMidiStatus.Check(handle, portName, "rtmidi_get_port_name");
            var buffer = new byte[Math.Max(length, 1)];
            fixed (byte* b = buffer)
            {
                RtMidiNative.GetPortName(handle, i, b, &length);
                RtMidiStatus.Check(handle, portName, "rtmidi_get_port_name");
                names.Add(Utf8.Read(b) ?? string.Empty);
            }
        }

        return names;
    }

    /// <summary>
    /// Loss detection RtMidi does not give: on JACK a hidden client (no ports) reports the server's shutdown
    /// and a peer that disappears; on other APIs a timer re-lists the ports and looks for the peer.
    /// </summary>
    private static void Watch(RtMidiApi api, MidiPortBase port, string? peer, bool sources)
    {
        if (api == RtMidiApi.UnixJack)
        {
            var watch = JackMidiClient.Open("musicgen-watch");
            watch.Activate();
            watch.WatchServer(port);
            if (peer is not null)
            {
                watch.WatchPeer(port, peer);
            }

            ((IRtMidiPort)port).Attach(watch);
        }
        else if (peer is not null)
        {
            ((IRtMidiPort)port).Attach(new RtMidiPeerWatch(api, port, peer, sources));
        }
    }
}
