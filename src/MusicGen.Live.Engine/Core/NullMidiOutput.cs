using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Engine.Core;

/// <summary>An output that accepts and forgets every message: for warming up the engine's code paths.</summary>
/// <remarks>Threading: any single producer; no state.</remarks>
internal sealed class NullMidiOutput : IMidiOutput
{
    public string Name => "null:out";

    public MidiPortState State => MidiPortState.Running;

    public long Dropped => 0;

    public long Errors => 0;

    public event EventHandler<MidiPortLostEventArgs>? Lost
    {
        add { }
        remove { }
    }

    public bool Send(ReadOnlySpan<byte> message) => true;

    public bool SendAt(ReadOnlySpan<byte> message, long timestamp) => true;

    public void Dispose()
    {
    }
}
