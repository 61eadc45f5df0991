namespace MusicGen.Live.Engine.Config;

/// <summary>Which ports the engine opens (the CLI opens them; the engine sees only the Midi interfaces).</summary>
public sealed class PortOptions
{
    /// <summary><c>jack</c> (native JACK client, frame-accurate output) or <c>rtmidi</c>.</summary>
    public string Backend { get; set; } = "jack";

    /// <summary>Client name; the virtual ports are <c>{ClientName}:in</c> and <c>{ClientName}:out</c>.</summary>
    public string ClientName { get; set; } = "musicgen";

    /// <summary>A source port to connect to our input (null: wait for someone to connect).</summary>
    public string? In { get; set; }

    /// <summary>A destination port to connect our output to (null: wait).</summary>
    public string? Out { get; set; }
}
