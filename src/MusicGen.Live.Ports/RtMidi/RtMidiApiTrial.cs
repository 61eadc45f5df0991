using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.RtMidi;

/// <summary>
/// Opens RtMidi ports on the API the user named, or, with none named, on each API this librtmidi has in turn
/// (<c>rtmidi_get_compiled_api</c>'s order: ALSA, JACK, … on Debian) until one works. RtMidi's own default is
/// its first compiled API, which fails outright on a machine with a JACK server but no ALSA sequencer.
/// </summary>
/// <remarks>
/// A failure names every API tried, the system's reason for each (see <see cref="RtMidiBackend"/>'s probes) and
/// the option that picks an API. Threading: control thread only.
/// </remarks>
public static class RtMidiApiTrial
{
    /// <summary>
    /// Runs <paramref name="open"/> on the API named by <paramref name="apiName"/>, or on each compiled API (those in
    /// <paramref name="preferred"/> first) until one returns. <paramref name="open"/> must release what it opened
    /// before it throws. Returns what it opened and the API it used.
    /// </summary>
    /// <param name="portName">What is being opened, for the error (e.g. <c>musicgen:in</c>).</param>
    /// <param name="apiOption">The option that chooses an API, for the error (e.g. <c>--api</c>); null where there is none.</param>
    public static (T Ports, RtMidiApi Api) Open<T>(string? apiName, string portName, string? apiOption, Func<RtMidiApi, T> open, params RtMidiApi[] preferred)
    {
        ArgumentNullException.ThrowIfNull(open);
        var compiled = RtMidiBackend.CompiledApis();
        if (!string.IsNullOrWhiteSpace(apiName))
        {
            var api = RtMidiBackend.ParseApi(apiName);
            try
            {
                return (open(api), api);
            }
            catch (MidiPortException ex)
            {
                var others = compiled.Where(a => a != api).Select(RtMidiBackend.ApiName).ToList();
                var hint = others.Count == 0
                    ? "this librtmidi has no other API"
                    : apiOption is null
                        ? $"this librtmidi also has {string.Join(", ", others)}"
                        : $"this librtmidi also has {string.Join(", ", others)}: pass {apiOption} {others[0]}, or leave {apiOption} out to try each";
                throw new MidiPortException(portName, $"{Labelled(api, ex)}; {hint}", ex);
            }
        }

        var order = preferred.Where(compiled.Contains).Concat(compiled.Where(a => !preferred.Contains(a))).ToList();
        var failures = new List<string>();
        MidiPortException? first = null;
        foreach (var api in order)
        {
            try
            {
                return (open(api), api);
            }
            catch (MidiPortException ex)
            {
                first ??= ex;
                failures.Add(Labelled(api, ex));
            }
        }

        if (first is null)
        {
            throw new MidiPortException(portName, "this librtmidi has no MIDI API compiled in");
        }

        throw new MidiPortException(
            portName,
            $"no RtMidi API could open it (tried {string.Join(", ", order.Select(RtMidiBackend.ApiName))}): {string.Join("; ", failures)} — "
            + "Fix the first reason that applies (start a JACK server, load the ALSA sequencer)"
            + (apiOption is null ? string.Empty : $", or pass {apiOption} NAME to use one API only"),
            first);
    }

    /// <summary>The reason, said to come from <paramref name="api"/> unless the probe already said so.</summary>
    private static string Labelled(RtMidiApi api, MidiPortException ex)
    {
        var reason = Reason(ex);
        return reason.StartsWith("RtMidi ", StringComparison.Ordinal) ? reason : $"RtMidi {RtMidiBackend.ApiName(api)} API: {reason}";
    }

    /// <summary>The backend's reason without the "MIDI port 'x': " prefix (the caller's own message names the port).</summary>
    internal static string Reason(MidiPortException ex)
    {
        var prefix = $"MIDI port '{ex.PortName}': ";
        return ex.Message.StartsWith(prefix, StringComparison.Ordinal) ? ex.Message[prefix.Length..] : ex.Message;
    }
}
