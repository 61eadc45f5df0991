namespace MusicGen.Live.Midi.Smf;

/// <summary>Byte range [Start, End) of an <c>MTrk</c> chunk's body inside the file.</summary>
internal readonly record struct TrackChunk(int Start, int End);
