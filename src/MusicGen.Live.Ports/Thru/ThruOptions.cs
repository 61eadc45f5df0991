namespace MusicGen.Live.Ports.Thru;

/// <summary>
/// What a thru session opens. Without <see cref="Input"/>/<see cref="Output"/> it creates virtual ports
/// named after <see cref="ClientName"/> that other programs connect to.
/// </summary>
/// <param name="Backend">Port layer.</param>
/// <param name="Api">RtMidi API name ("jack", "alsa", …); null tries each API the library has in turn (<see cref="RtMidi.RtMidiApiTrial"/>). Ignored by the JACK backend.</param>
/// <param name="Input">Source port to read (index, exact name or pattern); null: a virtual input.</param>
/// <param name="Output">Destination port to write; null: a virtual output.</param>
/// <param name="ClientName">Client name the ports are grouped under, e.g. "musicgen" → <c>musicgen:in</c>.</param>
/// <param name="Server">JACK server name; null: <c>JACK_DEFAULT_SERVER</c> or the default.</param>
public sealed record ThruOptions(
    ThruBackend Backend = ThruBackend.RtMidi,
    string? Api = null,
    string? Input = null,
    string? Output = null,
    string ClientName = "musicgen",
    string? Server = null);
