using MusicGen.Live.Midi;
using MusicGen.Live.Training.Analysis;

namespace MusicGen.Live.Cli.Demo;

/// <summary>
/// One answer the engine generated in the demo, against the phrase it answered: the phrase's key (<see cref="KeyFinder"/>
/// on its duration-weighted pitch classes, with the profile's correlation), the share of answer notes in that key's
/// scale, and the register gap (mean pitch, answer − phrase, semitones).
/// </summary>
public sealed record DemoAnswer(int Number, IReadOnlyList<Note> Notes, IReadOnlyList<Note> Phrase, MusicalKey? Key, double KeyCorrelation, double InKeyShare, double RegisterGap)
{
    public double StartSeconds => Notes[0].OnsetSeconds;
}
