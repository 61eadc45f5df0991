using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Config;

public sealed class ContinuationOptions
{
    public ContinuationMode Mode { get; set; } = ContinuationMode.CallAndResponse;

    /// <summary>Which generator answers: the shipped transformer, or the echo placeholder by name.</summary>
    public GeneratorModel Generator { get; set; } = GeneratorModel.Transformer;

    /// <summary>MIDI channel of generated notes (1–16).</summary>
    public int Channel { get; set; } = 2;

    /// <summary>The shortest silence that ends the player's phrase.</summary>
    public double SilenceFloorMs { get; set; } = 600;

    /// <summary>Silence threshold as a multiple of the player's median inter-onset interval (floored by <see cref="SilenceFloorMs"/>).</summary>
    public double SilenceIoiFactor { get; set; } = 3.0;

    /// <summary>A controller whose value ≥ 64 starts a continuation at once (64 = sustain pedal); -1 for none.</summary>
    public int TriggerController { get; set; } = 80;

    /// <summary>Length of a continuation in bars of 4 beats at the player's tempo (used when <see cref="LengthSeconds"/> is 0).</summary>
    public double LengthBars { get; set; } = 2;

    /// <summary>Length in seconds; 0 to use <see cref="LengthBars"/>.</summary>
    public double LengthSeconds { get; set; }

    /// <summary>How far ahead of the clock notes are decoded and handed to the scheduler.</summary>
    public double DecodeAheadMs { get; set; } = 300;

    /// <summary>The answer's first note is at least this far after the trigger (on the next beat after it): time to decode ahead.</summary>
    public double StartLeadMs { get; set; } = 50;

    /// <summary>
    /// Snap the answer's time shifts to a sixteenth of the player's beat (at most four notes per chord). Off by default:
    /// the model learned performed timing, and snapping it made answers far more rhythmically repetitive than file
    /// mode's (README, "Continuation quality"). The answer still starts on the player's beat.
    /// </summary>
    public bool SnapToGrid { get; set; }

    /// <summary>
    /// Style the phrase model continues in (null = none); needs a style-conditioned model. Changed live by
    /// <see cref="ControlMap.ContinuationStyle"/>.
    /// </summary>
    public StyleNetStyle? Style { get; set; }

    /// <summary>
    /// Player notes needed before silence starts the first answer (context for the model). After an answer, one note
    /// re-arms it: a player who takes the turn back with a note or two and stops is answered too.
    /// </summary>
    public int MinPlayerNotes { get; set; } = 3;
}
