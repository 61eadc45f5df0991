namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// A model gave NaN or infinity where a number was due (broken weights, or an input far outside what it was trained on).
/// Never turned into a velocity: the caller treats it as a fault (the live engine counts it, ends what sounds and passes the
/// player's velocities through, saying so; a file command stops with this message).
/// </summary>
public sealed class ModelOutputException(string message) : Exception(message)
{
}
