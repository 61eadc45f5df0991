namespace MusicGen.Live.Midi.Devices;

/// <summary>Life cycle of a port. <see cref="Lost"/> is terminal: reopen to recover.</summary>
public enum MidiPortState
{
    /// <summary>Opened, not delivering input yet (inputs only).</summary>
    Open,

    /// <summary>Delivering input / accepting output.</summary>
    Running,

    /// <summary>The port went away underneath us (peer quit, server stopped). Sends are dropped.</summary>
    Lost,

    /// <summary>Disposed by its owner.</summary>
    Closed,
}
