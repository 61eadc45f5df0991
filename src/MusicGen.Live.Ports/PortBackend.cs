namespace MusicGen.Live.Ports;

/// <summary>Which port layer a <see cref="PortPair"/> opens.</summary>
public enum PortBackend
{
    /// <summary>RtMidi (JACK, ALSA, CoreMIDI, WinMM): portable; on JACK adds up to one period of jitter.</summary>
    RtMidi,

    /// <summary>One native JACK client: input and output in the same process cycle, frame offsets kept.</summary>
    Jack,
}
