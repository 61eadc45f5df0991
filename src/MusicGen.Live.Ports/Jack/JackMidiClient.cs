using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.Jack;

/// <summary>
/// One JACK client owning MIDI input and output ports. Each process cycle clears the outputs, reads every
/// input (receivers may write to the outputs at once, same cycle, same frame offsets), then drains what
/// other threads queued for the outputs. The low-latency path on Linux.
/// </summary>
/// <remarks>
/// Threading: open, add ports, activate, connect and dispose on the control thread. The process callback
/// runs on JACK's process thread: no allocation, lock or throw there (a fault is caught and counted in
/// <see cref="Faults"/>). The shutdown callback (server stopped or crashed) runs on a JACK thread: it only
/// marks every port lost (their Lost events run on the thread pool). The latency callback runs on a JACK
/// thread whenever the graph's latencies are recomputed (see <see cref="AddedLatencyFrames"/>): it reads and
/// writes port latency ranges only, with the same rules as the process callback. A peer watch on a timer
/// thread marks a port lost when the port it was connected to disappears. The .NET GC can still pause the process thread
/// when some other thread allocates; steady-state code here allocates nothing so that stays rare.
/// </remarks>
public sealed unsafe partial class JackMidiClient : IDisposable
{
    [ThreadStatic]
    private static JackMidiClient? t_processClient;

    private readonly JackClientHandle _handle;
    private readonly List<JackMidiInput> _inputs = [];
    private readonly List<JackMidiOutput> _outputs = [];
    private readonly List<(MidiPortBase Port, string Peer)> _peers = [];
    private readonly List<MidiPortBase> _watched = [];
    private readonly Lock _watchLock = new();
    private JackMidiInput[] _inputArray = [];
    private JackMidiOutput[] _outputArray = [];
    private GCHandle _self;
    private Timer? _peerWatch;
    private long _cycles;
    private long _xruns;
    private long _faults;
    private int _shutDown;
    private bool _active;
    private bool _disposed;

    private JackMidiClient(JackClientHandle handle, string name, string? serverName)
    {
        _handle = handle;
        ClientName = name;
        ServerName = serverName;
        SampleRate = (int)JackNative.GetSampleRate(handle.DangerousGetHandle());
        BufferSize = (int)JackNative.GetBufferSize(handle.DangerousGetHandle());
    }

    /// <summary>The client whose process callback is running on this thread, if any.</summary>
    internal static JackMidiClient? CurrentProcessClient => t_processClient;

    /// <summary>The name JACK gave the client (it may add a suffix when the name is taken).</summary>
    public string ClientName { get; }

    public string? ServerName { get; }

    public int SampleRate { get; }

    /// <summary>Frames per cycle.</summary>
    public int BufferSize { get; }

    public long Cycles => Interlocked.Read(ref _cycles);

    public long Xruns => Interlocked.Read(ref _xruns);

    /// <summary>Exceptions caught in the process callback.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    public bool IsShutDown => Volatile.Read(ref _shutDown) != 0;

    /// <summary>
    /// Control thread: waits (bounded) until <paramref name="cycles"/> more process cycles have completed, so what a
    /// peer sent in them has reached this client's inputs. False when the bound or a shutdown came first.
    /// </summary>
    public bool WaitCycles(int cycles, TimeSpan bound)
    {
        var target = Cycles + cycles;
        var deadline = DateTime.UtcNow + bound;
        while (Cycles < target && DateTime.UtcNow < deadline && !IsShutDown)
        {
            Thread.Sleep(1);
        }

        return Cycles >= target;
    }

    /// <summary>
    /// Opens a client on <paramref name="serverName"/> (null: <c>JACK_DEFAULT_SERVER</c> or "default").
    /// Never starts a server. Throws <see cref="MidiPortException"/> naming the client when JACK refuses.
    /// </summary>
    public static JackMidiClient Open(string clientName, string? serverName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientName);
        if (!NativeLibraries.IsAvailable(NativeLibraries.Jack))
        {
            throw new MidiPortException(clientName, "libjack.so.0 not found: install JACK (Debian: jackd2 / libjack-jackd2-0)");
        }

        var name = Utf8.Z(clientName);
        var server = serverName is null ? null : Utf8.Z(serverName);
        int status;
        IntPtr client;
        fixed (byte* n = name)
        fixed (byte* s = server)
        {
            var options = JackNative.JackNoStartServer | (s is null ? 0 : JackNative.JackServerName);
            client = JackNative.ClientOpen(n, options, &status, s);
        }

        if (client == IntPtr.Zero)
        {
            throw new MidiPortException(
                clientName,
                $"jack_client_open failed (status 0x{status:x}): is the JACK server '{serverName ?? Environment.GetEnvironmentVariable("JACK_DEFAULT_SERVER") ?? "default"}' running?");
        }

        var handle = new JackClientHandle(client);
        var actual = Utf8.Read(JackNative.GetClientName(client)) ?? clientName;
        var self = new JackMidiClient(handle, actual, serverName);
        self._self = GCHandle.Alloc(self);
        var arg = GCHandle.ToIntPtr(self._self);
        if (JackNative.SetProcessCallback(client, &OnProcess, arg) != 0)
        {
            self.Dispose();
            throw new MidiPortException(actual, "jack_set_process_callback failed");
        }

        _ = JackNative.SetXrunCallback(client, &OnXrun, arg); // optional: only feeds the Xruns counter

        // Optional too: without it JACK propagates latency through the client as if it added none.
        self.ReportsLatency = JackNative.SetLatencyCallback(client, &OnLatency, arg) == 0;
        JackNative.OnInfoShutdown(client, &OnShutdown, arg);
        return self;
    }

    /// <summary>Registers an input port (before <see cref="Activate"/>); its full name is <c>client:port</c>.</summary>
    public JackMidiInput AddInput(string portName)
    {
        var port = Register(portName, JackNative.JackPortIsInput);
        var input = new JackMidiInput(PortFullName(port, portName), port);
        _inputs.Add(input);
        return input;
    }

    /// <summary>Registers an output port (before <see cref="Activate"/>) with a queue for sends from other threads.</summary>
    public JackMidiOutput AddOutput(string portName, int queueBytes = 1 << 16)
    {
        var port = Register(portName, JackNative.JackPortIsOutput);
        var output = new JackMidiOutput(PortFullName(port, portName), port, this, queueBytes);
        _outputs.Add(output);
        return output;
    }

    /// <summary>Starts the process callback. Ports cannot be added afterwards.</summary>
    public void Activate()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _inputArray = [.. _inputs];
        _outputArray = [.. _outputs];
        foreach (var output in _outputArray)
        {
            output.MarkRunning();
        }

        if (JackNative.Activate(_handle.DangerousGetHandle()) != 0)
        {
            throw new MidiPortException(ClientName, "jack_activate failed");
        }

        _active = true;
    }

    /// <summary>Connects two ports by full name (already connected is fine); throws naming both on failure.</summary>
    public void Connect(string source, string destination)
    {
        var s = Utf8.Z(source);
        var d = Utf8.Z(destination);
        int rc;
        fixed (byte* sp = s)
        fixed (byte* dp = d)
        {
            rc = JackNative.Connect(_handle.DangerousGetHandle(), sp, dp);
        }

        const int AlreadyConnected = 17; // EEXIST
        if (rc != 0 && rc != AlreadyConnected)
        {
            throw new MidiPortException(destination, $"jack_connect '{source}' -> '{destination}' failed (code {rc}): does the port exist?");
        }
    }

    /// <summary>MIDI ports on the server: outputs (sources we can read) or inputs (destinations we can write).</summary>
    public IReadOnlyList<string> ListMidiPorts(bool sources)
    {
        var type = Utf8.Z(JackNative.MidiType);
        var names = new List<string>();
        byte** ports;
        fixed (byte* t = type)
        {
            ports = JackNative.GetPorts(_handle.DangerousGetHandle(), null, t, sources ? JackNative.JackPortIsOutput : JackNative.JackPortIsInput);
        }

        if (ports is null)
        {
            return names;
        }

        for (var p = ports; *p is not null; p++)
        {
            names.Add(Utf8.Read(*p)!);
        }

        JackNative.Free(ports);
        return names;
    }

    /// <summary>Reports <paramref name="port"/> lost when <paramref name="peer"/> (the port it is connected to) disappears.</summary>
    public void WatchPeer(MidiPortBase port, string peer)
    {
        lock (_watchLock)
        {
            _peers.Add((port, peer));
            _peerWatch ??= new Timer(static s => ((JackMidiClient)s!).CheckPeers(), this, 250, 250);
        }
    }

    /// <summary>Reports <paramref name="port"/> (of another backend on this server, e.g. RtMidi) lost when the server shuts down.</summary>
    public void WatchServer(MidiPortBase port)
    {
        lock (_watchLock)
        {
            _watched.Add(port);
        }
    }

    public void Dispose()
    {
        lock (_watchLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _peerWatch?.Dispose();
        }

        foreach (var input in _inputs)
        {
            input.Dispose();
        }

        foreach (var output in _outputs)
        {
            output.Dispose();
        }

        if (_active && !IsShutDown)
        {
            _ = JackNative.Deactivate(_handle.DangerousGetHandle()); // waits for a running cycle to finish
        }

        _handle.Dispose();
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnProcess(uint frames, IntPtr arg)
    {
        JackMidiClient? self = null;
        try
        {
            self = (JackMidiClient)GCHandle.FromIntPtr(arg).Target!;
            self.Process(frames);
        }
        catch (Exception)
        {
            if (self is not null)
            {
                Interlocked.Increment(ref self._faults);
            }
        }
        finally
        {
            t_processClient = null;
        }

        return 0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnXrun(IntPtr arg)
    {
        try
        {
            var self = (JackMidiClient)GCHandle.FromIntPtr(arg).Target!;
            Interlocked.Increment(ref self._xruns);
        }
        catch (Exception)
        {
            // Nothing to report to: an xrun counter that fails to count must not unwind into JACK.
        }

        return 0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnShutdown(int code, byte* reason, IntPtr arg)
    {
        try
        {
            var self = (JackMidiClient)GCHandle.FromIntPtr(arg).Target!;
            var text = Utf8.Read(reason);
            self.ShutDown($"JACK server shut down{(string.IsNullOrWhiteSpace(text) ? string.Empty : ": " + text.Trim())} (code {code})");
        }
        catch (Exception)
        {
            // The server is gone; unwinding into libjack would only crash the program we are keeping up.
        }
    }

    private void Process(uint frames)
    {
        t_processClient = this;
        var cycle = new JackCycle(CycleStart() - (frames * MidiClock.Frequency / (uint)SampleRate), frames, (uint)SampleRate);
        var outputs = _outputArray;
        var inputs = _inputArray;
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i].BeginCycle(frames, cycle);
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i].Read(frames, cycle);
        }

        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i].EndCycle();
        }

        Interlocked.Increment(ref _cycles);
    }

    /// <summary>
    /// When this cycle started on <see cref="MidiClock"/>: JACK's own estimate (its DLL, <c>jack_get_cycle_times</c>),
    /// moved onto our clock by reading both clocks now, so the callback's wake-up jitter moves no timestamp and no
    /// frame; the clock read at the callback's start where JACK gives no estimate.
    /// </summary>
    private long CycleStart()
    {
        var now = MidiClock.Now;
        uint frames;
        ulong current, next;
        float period;
        if (JackNative.GetCycleTimes(_handle.DangerousGetHandle(), &frames, &current, &next, &period) != 0)
        {
            return now;
        }

        var jackNow = JackNative.GetTime();
        var since = jackNow - current; // µs since the cycle started, by JACK's clock
        return jackNow >= current && since < 1_000_000 ? now - (long)(since * (ulong)MidiClock.Frequency / 1_000_000) : now;
    }

        private void ShutDown(string reason)
    {
        Volatile.Write(ref _shutDown, 1);
        foreach (var input in _inputs)
        {
            input.ReportLost(reason);
        }

        foreach (var output in _outputs)
        {
            output.ReportLost(reason);
        }

        lock (_watchLock)
        {
            foreach (var port in _watched)
            {
                port.ReportLost(reason);
            }
        }
    }

    private void CheckPeers()
    {
        lock (_watchLock)
        {
            if (_disposed || IsShutDown)
            {
                return;
            }

            foreach (var (port, peer) in _peers)
            {
                var name = Utf8.Z(peer);
                fixed (byte* n = name)
                {
                    if (JackNative.PortByName(_handle.DangerousGetHandle(), n) == IntPtr.Zero)
                    {
                        port.ReportLost($"'{peer}' disappeared");
                    }
                }
            }
        }
    }

    private IntPtr Register(string portName, ulong flags)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_active)
        {
            throw new InvalidOperationException($"JACK client '{ClientName}': add ports before Activate().");
        }

        var name = Utf8.Z(portName);
        var type = Utf8.Z(JackNative.MidiType);
        IntPtr port;
        fixed (byte* n = name)
        fixed (byte* t = type)
        {
            port = JackNative.PortRegister(_handle.DangerousGetHandle(), n, t, flags, 0);
        }

        return port != IntPtr.Zero
            ? port
            : throw new MidiPortException($"{ClientName}:{portName}", "jack_port_register failed (name taken or server gone)");
    }

    private static string PortFullName(IntPtr port, string fallback) => Utf8.Read(JackNative.PortName(port)) ?? fallback;
}
