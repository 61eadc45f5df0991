namespace MusicGen.Live.Engine.Config;

/// <summary>When the phrase generator plays.</summary>
public enum ContinuationMode
{
    Off,

    /// <summary>After the player falls silent (or a trigger), until the length is reached or the player plays again.</summary>
    CallAndResponse,

    /// <summary>Alongside the player, below their register, with a polyphony limit.</summary>
    Accompaniment,
}
