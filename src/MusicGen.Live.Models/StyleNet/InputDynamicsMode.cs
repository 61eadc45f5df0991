namespace MusicGen.Live.Models.StyleNet;

/// <summary>Whether <see cref="MidiHumanizer"/> shows the note model the file's own velocities (its notated or programmed dynamics).</summary>
public enum InputDynamicsMode
{
    /// <summary>When the file's velocities vary (see <see cref="MidiHumanizer.HasDynamics"/>); a flat file has none to show.</summary>
    Auto,

    /// <summary>Always: the file's velocities are intended dynamics to be performed.</summary>
    On,

    /// <summary>Never: velocities are replaced from timing and pitch alone.</summary>
    Off,
}
