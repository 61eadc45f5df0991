namespace MusicGen.Live.Engine.Config;

public sealed class RecordingOptions
{
    /// <summary>Write the session file at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Folder for <c>session-yyyyMMdd-HHmmss.mid</c> when no path is given.</summary>
    public string Directory { get; set; } = "sessions";

    /// <summary>How often a complete, valid file replaces the previous one (a kill loses at most this much).</summary>
    public double FlushSeconds { get; set; } = 1;
}
