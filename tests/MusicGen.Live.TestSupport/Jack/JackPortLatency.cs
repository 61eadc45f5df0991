namespace MusicGen.Live.TestSupport.Jack;

/// <summary>A port's latency ranges in frames, as <c>jack_lsp -l</c> prints them ("port capture latency = [ min max ] frames").</summary>
public readonly record struct JackPortLatency(uint CaptureMin, uint CaptureMax, uint PlaybackMin, uint PlaybackMax);
