namespace MusicGen.Live.Engine.Config;

/// <summary>How the player's own notes leave.</summary>
public enum HumanizeMode
{
    /// <summary>Forwarded unchanged (thru).</summary>
    Off,

    /// <summary>Velocities from the velocity stage, no added delay.</summary>
    Causal,

    /// <summary>Velocities from the velocity stage with look-ahead; output delayed by a fixed, reported delay.</summary>
    Lookahead,
}
