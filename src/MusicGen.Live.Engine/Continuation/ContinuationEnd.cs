namespace MusicGen.Live.Engine.Continuation;

/// <summary>Why a continuation (an answer, or a run of accompaniment) ended: counted in the engine's metrics.</summary>
public enum ContinuationEnd
{
    /// <summary>It played its configured length.</summary>
    Completed,

    /// <summary>The player played again (call-and-response stops the answer at once).</summary>
    PlayerPlayed,

    /// <summary>Nothing had been played yet: a model has no context to continue.</summary>
    NoContext,

    /// <summary>The generator decoded no playable note (rests only, or pedal events only) for a long run.</summary>
    NoNotes,

    /// <summary>The generator threw or gave a note out of range.</summary>
    Fault,

    /// <summary>Panic or all-notes-off.</summary>
    Panic,

    /// <summary>The continuation mode changed.</summary>
    ModeChange,
}
