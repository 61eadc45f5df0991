namespace MusicGen.Live.Engine.Config;

/// <summary>
/// Live control by MIDI CC (any channel). Each entry is a controller number, or -1 to disable it.
/// Default map (documented in the README and configs/engine.json):
/// 20 continuation mode (0–42 off, 43–85 call-and-response, 86–127 accompaniment);
/// 21 humanize mode (same thirds: off, causal, look-ahead); 22 humanize amount (0–127 → 0–1);
/// 31 humanize expression (0–127 → 0–1.5, the StyleNet stage only);
/// 23/24 time temperature/top-p, 25/26 pitch, 27/28 duration, 29/30 velocity (temperature 0–127 → 0.05–2, top-p → 0.05–1);
/// 85 continuation style (0–42 none, 43–85 classical, 86–127 pop; a style-conditioned phrase model only);
/// 119 panic (120 All Sound Off and 123 All Notes Off from the player also panic).
/// Control messages are consumed, not forwarded. Changes apply from the next event.
/// </summary>
public sealed class ControlMap
{
    public int ContinuationMode { get; set; } = 20;

    public int HumanizeMode { get; set; } = 21;

    public int HumanizeAmount { get; set; } = 22;

    public int HumanizeExpression { get; set; } = 31;

    public int TimeTemperature { get; set; } = 23;

    public int TimeTopP { get; set; } = 24;

    public int PitchTemperature { get; set; } = 25;

    public int PitchTopP { get; set; } = 26;

    public int DurationTemperature { get; set; } = 27;

    public int DurationTopP { get; set; } = 28;

    public int VelocityTemperature { get; set; } = 29;

    public int VelocityTopP { get; set; } = 30;

    public int ContinuationStyle { get; set; } = 85;

    public int Panic { get; set; } = 119;
}
