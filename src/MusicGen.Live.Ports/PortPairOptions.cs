using MusicGen.Live.Ports.RtMidi;

namespace MusicGen.Live.Ports;

/// <summary>
/// What <see cref="PortPair.Open"/> opens. Without <see cref="Input"/>/<see cref="Output"/> it creates virtual ports
/// named after <see cref="ClientName"/> that other programs connect to.
/// </summary>
/// <param name="Backend">Port layer.</param>
/// <param name="Api">RtMidi API name ("jack", "alsa", …); null tries each API the library has in turn (<see
/// cref="RtMidiApiTrial"/>), JACK's first when <see cref="PreferJackApi"/>. Ignored by the JACK backend.</param>
/// <param name="Input">Source port to read (index, exact name or pattern, see <see cref="PortSelector"/>); null: a virtual input.</param>
/// <param name="Output">Destination port to write; null: a virtual output.</param>
/// <param name="ClientName">Client name the ports are grouped under, e.g. "musicgen" → <c>musicgen:in</c>.</param>
/// <param name="Server">JACK server name; null: <c>JACK_DEFAULT_SERVER</c> or the default.</param>
/// <param name="OutputClientName">RtMidi only: the output's own client name (each RtMidi port is a client); null: <see cref="ClientName"/>.</param>
/// <param name="PreferJackApi">RtMidi without <see cref="Api"/>: try JACK's API first (the engine's virtual ports then live beside JACK clients).</param>
/// <param name="ApiOption">The command-line option that sets <see cref="Api"/>, named in errors; null where there is none.</param>
public sealed record PortPairOptions(
    PortBackend Backend = PortBackend.RtMidi,
    string? Api = null,
    string? Input = null,
    string? Output = null,
    string ClientName = "musicgen",
    string? Server = null,
    string? OutputClientName = null,
    bool PreferJackApi = false,
    string? ApiOption = null);
