using MusicGen.Live.Midi;
using MusicGen.Live.Training.Analysis;

namespace MusicGen.Live.Cli.Demo;

/// <summary>
/// One answer the engine generated in the demo, against what the player played: the key of the player's recent notes
/// (<see cref="KeyFinder"/> on their duration-weighted pitch classes, with the profile's correlation), the share of
/// answer notes in that key's scale, and the register gap to the phrase it answered (mean pitch, answer − phrase).
/// </summary>
public sealed record DemoAnswer(int Number, IReadOnlyList<Note> Notes, IReadOnlyList<Note> Phrase, MusicalKey? Key, double KeyCorrelation, double InKeyShare, double RegisterGap)
{
    public double StartSeconds => Notes[0].OnsetSeconds;
}
