namespace MusicGen.Live.Models.StyleNet;

/// <summary>The genre condition of StyleNet: which playing style the velocities should imitate.</summary>
public enum StyleNetStyle
{
    /// <summary>Classical piano (trained on nasap performances).</summary>
    Classical = 0,

    /// <summary>Pop piano arrangements (trained on pop909).</summary>
    Pop = 1,
}
