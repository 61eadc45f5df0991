namespace MusicGen.Live.Ports.Thru;

/// <summary>Which port layer a thru session uses.</summary>
public enum ThruBackend
{
    /// <summary>RtMidi (JACK, ALSA, CoreMIDI, WinMM): portable; on JACK adds up to one period of jitter.</summary>
    RtMidi,

    /// <summary>One native JACK client: input and output in the same process cycle, frame offsets kept.</summary>
    Jack,
}
