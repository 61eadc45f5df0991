namespace MusicGen.Live.Engine.Continuation;

/// <summary>One event waiting in the <see cref="LiveContext"/>: a note (open until its key is released) or a pedal change.</summary>
/// <param name="Time">Onset on the engine clock, ticks.</param>
/// <param name="Order">At one instant: 0 pedal up, 1 note, 2 pedal down (as <c>PhraseMidi</c> orders them).</param>
/// <param name="End">When the key was released, ticks; <see cref="Open"/> while it is held.</param>
/// <param name="Generated">An answer's note (known whole when it is handed over; cancelled ones are removed).</param>
internal readonly record struct ContextEntry(long Time, byte Order, byte Pitch, byte Velocity, long End, bool Generated)
{
    public const long Open = long.MinValue;

    public const byte PedalUp = 0;
    public const byte Note = 1;
    public const byte PedalDown = 2;

    public bool IsOpen => End == Open;

    /// <summary>Sorts as PhraseMidi does: time, then kind order, then pitch (notes at one instant low to high).</summary>
    public bool SortsAfter(in ContextEntry other) =>
        Time != other.Time ? Time > other.Time : Order != other.Order ? Order > other.Order : Pitch > other.Pitch;
}
