namespace MusicGen.Live.Midi.Data;

/// <summary>
/// One row of an nasap <c>*_aligned.tsv.gz</c> (format in the data folder's PROVENANCE.md). Score fields are
/// absent (-1 / NaN / empty) for insertions, performance fields (-1 / NaN) for deletions.
/// <see cref="ScoreAttributes"/> is the raw <c>|</c>-separated list (v1.0.0 files only); use <see cref="HasAttribute"/>.
/// </summary>
public sealed record AlignedNote(
    AlignmentKind Kind,
    int ScorePitch,
    int Bar,
    double Beat,
    double OnsetQuarters,
    double DurationQuarters,
    string ScoreAttributes,
    int PerformedPitch,
    double OnsetSeconds,
    double OffsetSeconds,
    int Velocity)
{
    public bool IsPerformed => Kind != AlignmentKind.Deletion;

    public bool IsInScore => Kind != AlignmentKind.Insertion;

    public bool HasAttribute(string attribute)
    {
        foreach (var range in ScoreAttributes.AsSpan().Split('|'))
        {
            if (ScoreAttributes.AsSpan()[range].SequenceEqual(attribute))
            {
                return true;
            }
        }

        return false;
    }
}
