using System.Runtime.InteropServices;
using System.Text;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.RtMidi;

/// <summary>
/// Reads RtMidi's per-handle status (<c>ok</c>/<c>msg</c>) after a call and turns a failure into a
/// <see cref="MidiPortException"/> naming the port, the function and RtMidi's message.
/// </summary>
/// <remarks>
/// RtMidi 5.0's C API stores <c>err.what()</c> of an exception that is already destroyed, so <c>msg</c>
/// may point at freed memory: it is read with a length cap and anything unprintable replaced, and
/// <c>ok</c> is reset to true after each failure so the next call reports only its own error.
/// Threading: control thread only (open/close/list), never on a real-time path.
/// </remarks>
internal static unsafe class RtMidiStatus
{
    private const int MaxMessage = 512;

    public static void Check(SafeHandle device, string portName, string function)
    {
        if (device.IsInvalid)
        {
            throw new MidiPortException(portName, $"{function} returned no RtMidi object");
        }

        var wrapper = (RtMidiWrapper*)device.DangerousGetHandle();
        if (wrapper->Ok)
        {
            return;
        }

        var message = ReadMessage(wrapper->Msg);
        wrapper->Ok = true;
        throw new MidiPortException(portName, $"{function} failed: {message}");
    }

    private static string ReadMessage(byte* msg)
    {
        if (msg is null)
        {
            return "(no message)";
        }

        var length = 0;
        while (length < MaxMessage && msg[length] != 0)
        {
            length++;
        }

        var text = new StringBuilder(length);
        foreach (var c in Encoding.UTF8.GetString(msg, length))
        {
            text.Append(char.IsControl(c) ? ' ' : c);
        }

        // Every RtMidi message names its origin ("MidiInAlsa::initialize: ..."); anything else is the freed
        // buffer's leftovers, and RtMidi has already printed the real text on stderr.
        var result = text.ToString().Trim();
        return result.Contains("::", StringComparison.Ordinal) && result.All(c => c < 128)
            ? result
            : "RtMidi's message was lost (its C API keeps a dangling pointer); see RtMidi's own line on stderr";
    }
}
