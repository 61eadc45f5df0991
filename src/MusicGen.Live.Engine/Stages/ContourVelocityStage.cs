using MusicGen.Live.Models.StyleNet;

namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// A rule-of-thumb velocity stage for when no trained model is present: NOT a model. It shapes dynamics
/// from the phrase contour: notes after a longer gap are accented, higher notes lean louder, notes that start
/// a chord or a fast run (seen in the look-ahead) are softened, and a slow drift avoids a flat level.
/// It ignores the input velocity on purpose (so a flat-velocity keyboard still gets shaped dynamics).
/// </summary>
/// <remarks>Threading: engine thread only. Stateless apart from the drift phase; never allocates.</remarks>
public sealed class ContourVelocityStage : IVelocityStage
{
    private int _count;

    public string Name => "contour rules (placeholder, no model)";

    public void Reset() => _count = 0;

    public void NoteOff(ReadOnlySpan<NoteOnset> notes, Lookahead lookahead, int pitch, double seconds)
    {
    }

    /// <summary>Always 0: the rules use whatever later notes the window holds.</summary>
    public long Early => 0;

    public int Velocity(ReadOnlySpan<NoteOnset> notes, int current, Lookahead lookahead, double nowSeconds)
    {
        var note = notes[current];
        var v = 64.0 + (0.35 * (note.Pitch - 64)); // register: brighter up high

        if (current > 0)
        {
            var gap = note.Seconds - notes[current - 1].Seconds;
            v += gap > 0.4 ? 14 : gap < 0.12 ? -6 : 0; // phrase starts after a breath; runs are lighter
            v += Math.Sign(note.Pitch - notes[current - 1].Pitch) * 4; // rising lines swell
        }
        else
        {
            v += 10;
        }

        if (current + 1 < notes.Length && notes[current + 1].Seconds - note.Seconds < 0.03)
        {
            v -= 8; // look-ahead: a chord follows at once; voice it softer than a single note
        }

        v += 6 * Math.Sin(_count++ * 0.7); // gentle drift so repeated notes are not identical
        return (int)Math.Clamp(Math.Round(v), 1, 127);
    }
}
