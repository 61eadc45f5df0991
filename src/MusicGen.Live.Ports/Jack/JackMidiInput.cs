namespace MusicGen.Live.Ports.Jack;

/// <summary>
/// A MIDI input port of a <see cref="JackMidiClient"/>. Its receiver runs on the JACK process thread,
/// inside the cycle, so it can write to the same client's outputs in that very cycle (in-cycle thru).
/// </summary>
/// <remarks>
/// Threading: the client's process callback calls <see cref="Read"/> once per cycle; Start/Stop on the
/// control thread (see <see cref="MidiInputBase"/>). Timestamps: the cycle's base time plus the event's
/// frame offset, so an output given the same timestamp in the same cycle writes at the same frame.
/// </remarks>
public sealed unsafe class JackMidiInput : MidiInputBase
{
    private readonly IntPtr _port;

    internal JackMidiInput(string name, IntPtr port)
        : base(name) => _port = port;

    internal IntPtr Port => _port;

    /// <summary>Process thread: delivers every event of this cycle, in order.</summary>
    internal void Read(uint frames, in JackCycle cycle)
    {
        var buffer = JackNative.PortGetBuffer(_port, frames);
        var count = JackNative.MidiGetEventCount(buffer);
        JackMidiEvent ev;
        for (uint i = 0; i < count; i++)
        {
            if (JackNative.MidiEventGet(&ev, buffer, i) != 0)
            {
                CountError();
                continue;
            }

            Deliver(new ReadOnlySpan<byte>(ev.Buffer, (int)ev.Size), cycle.TimeOf(ev.Time));
        }
    }
}
