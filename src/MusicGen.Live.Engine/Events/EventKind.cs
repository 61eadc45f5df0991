namespace MusicGen.Live.Engine.Events;

/// <summary>What an <see cref="EngineEvent"/> is, so the scheduler can treat the player's notes and generated ones apart.</summary>
public enum EventKind : byte
{
    /// <summary>A raw message from the input port (input ring only).</summary>
    Input,

    /// <summary>The player's own message on its way out (forwarded or humanized).</summary>
    Player,

    /// <summary>A message the phrase generator produced (continuation or accompaniment).</summary>
    Generated,

    /// <summary>Control for the scheduler: drop pending generated events on channel <see cref="EngineEvent.Data1"/> and end its sounding notes.</summary>
    CancelGenerated,

    /// <summary>Control for the scheduler: all sounding notes off, pending notes dropped.</summary>
    Panic,
}
