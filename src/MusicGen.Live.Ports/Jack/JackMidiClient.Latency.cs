using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.Jack;

/// <summary>
/// Port latency: a client that delays what passes from its inputs to its outputs (the engine's look-ahead)
/// says so to JACK, so a DAW recording its output can shift it back into place.
/// </summary>
/// <remarks>
/// Threading: <see cref="AddedLatencyFrames"/> is set on the control thread; JACK then calls the latency
/// callback on one of its threads (during activation, on graph changes, and after
/// <c>jack_recompute_total_latencies</c>). The callback reads the value once, allocates nothing, takes no
/// lock and never lets an exception reach libjack.
/// </remarks>
public sealed unsafe partial class JackMidiClient
{
    private int _addedLatencyFrames;

    /// <summary>False when JACK refused the latency callback: the added delay is then not reported.</summary>
    public bool ReportsLatency { get; private set; }

    /// <summary>
    /// Frames this client adds between its inputs and its outputs (0: none). Reported as port latency: each
    /// output's capture latency is the widest input capture range plus this, each input's playback latency
    /// the widest output playback range plus this. Set it before <see cref="Activate"/>, or at any time
    /// after: a change makes JACK recompute the graph's latencies. Control thread only.
    /// </summary>
    public int AddedLatencyFrames
    {
        get => Volatile.Read(ref _addedLatencyFrames);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Interlocked.Exchange(ref _addedLatencyFrames, value) == value || !_active || IsShutDown)
            {
                return;
            }

            var rc = JackNative.RecomputeTotalLatencies(_handle.DangerousGetHandle());
            if (rc != 0)
            {
                throw new MidiPortException(ClientName, $"jack_recompute_total_latencies failed (code {rc}): the new latency of {value} frames is not reported");
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLatency(int mode, IntPtr arg)
    {
        try
        {
            ((JackMidiClient)GCHandle.FromIntPtr(arg).Target!).Latency(mode);
        }
        catch (Exception)
        {
            // A latency report that fails leaves the old ranges in place; unwinding into libjack would crash the client.
        }
    }

    /// <summary>JACK thread: one direction of the latency callback (see <see cref="AddedLatencyFrames"/>); no closures, nothing allocated.</summary>
    private void Latency(int mode)
    {
        var added = (uint)Volatile.Read(ref _addedLatencyFrames);
        var inputs = _inputArray;
        var outputs = _outputArray;
        var range = new JackLatencyRange { Min = uint.MaxValue, Max = 0 };
        if (mode == JackNative.JackCaptureLatency)
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                Widen(ref range, inputs[i].Port, mode);
            }

            Add(ref range, added);
            for (var i = 0; i < outputs.Length; i++)
            {
                JackNative.PortSetLatencyRange(outputs[i].Port, mode, &range);
            }
        }
        else if (mode == JackNative.JackPlaybackLatency)
        {
            for (var i = 0; i < outputs.Length; i++)
            {
                Widen(ref range, outputs[i].Port, mode);
            }

            Add(ref range, added);
            for (var i = 0; i < inputs.Length; i++)
            {
                JackNative.PortSetLatencyRange(inputs[i].Port, mode, &range);
            }
        }
    }

    private static void Widen(ref JackLatencyRange range, IntPtr port, int mode)
    {
        JackLatencyRange own;
        JackNative.PortGetLatencyRange(port, mode, &own);
        range.Min = Math.Min(range.Min, own.Min);
        range.Max = Math.Max(range.Max, own.Max);
    }

    /// <summary>Adds the delay to the widest range seen (no ports on that side: the delay alone).</summary>
    private static void Add(ref JackLatencyRange range, uint added)
    {
        if (range.Min > range.Max)
        {
            range = default;
        }

        range.Min += added;
        range.Max += added;
    }
}
