namespace MusicGen.Live.Engine.Threading;

/// <summary>What the OS gave a thread that asked for real-time scheduling (<see cref="RealtimeThread.Request"/>).</summary>
/// <param name="Granted">True when the thread now runs under a real-time policy.</param>
/// <param name="Policy">The policy asked for and, when granted, in force: <c>fifo</c>, <c>rr</c> or <c>mmcss-pro-audio</c>.</param>
/// <param name="Priority">The real-time priority asked for (Linux: 1–99).</param>
/// <param name="Reason">Why it was not granted, in the system's words, and what would grant it; null when granted.</param>
public sealed record RealtimeGrant(bool Granted, string Policy, int Priority, string? Reason)
{
    /// <summary>For a ready line: <c>fifo:2</c>, or <c>no (…reason…)</c>.</summary>
    public override string ToString() => Granted ? $"{Policy}:{Priority}" : $"no ({Reason})";
}
