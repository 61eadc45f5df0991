namespace MusicGen.Live.Engine.Config;

public sealed class SafetyOptions
{
    /// <summary>Most notes sounding on the output; a new note beyond it ends the oldest.</summary>
    public int PolyphonyCap { get; set; } = 48;

    /// <summary>The watchdog ends any note held longer than this.</summary>
    public double MaxNoteSeconds { get; set; } = 10;

    /// <summary>Delayed events are handed to the scheduler this early, so it can hit their due time.</summary>
    public double ScheduleAheadMs { get; set; } = 3;
}
