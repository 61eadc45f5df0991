using MusicGen.Live.Models.PhraseTransformer;

namespace MusicGen.Live.Training.PhraseTransformer;

/// <summary>
/// One row of the continuation report: its name, how a continuation scores against its prompt (the window length in
/// seconds is the third argument), and whether modes are compared by ratio or, for a signed statistic whose mean is
/// near 0, by difference measured against the players' mean of <see cref="ScaleOf"/>.
/// </summary>
public sealed record ContinuationStatistic(string Name, Func<IReadOnlyList<PhraseEvent>, IReadOnlyList<PhraseEvent>, double, double> Score, string? ScaleOf = null)
{
    /// <summary>The statistics of issue 17's musical evaluation, plus the share of notes in the prompt's key.</summary>
    public static IReadOnlyList<ContinuationStatistic> All { get; } =
    [
        new("pc_distance", (p, c, _) => ContinuationStats.PitchClassDistance(p, c)),
        new("register_gap", (p, c, _) => ContinuationStats.RegisterGap(p, c), "register_gap_abs"),
        new("register_gap_abs", (p, c, _) => Math.Abs(ContinuationStats.RegisterGap(p, c))),
        new("density_ratio", (p, c, s) => ContinuationStats.DensityRatio(p, c, s)),
        new("ioi_distance", (p, c, _) => ContinuationStats.IoiDistance(p, c)),
        new("pitch_repeat_4gram", (_, c, _) => ContinuationStats.LoopRate(c)),
        new("rhythm_repeat_4gram", (_, c, _) => ContinuationStats.RhythmRepeatRate(c)),
        new("in_key_share", (p, c, _) => ContinuationStats.InKeyShare(p, c)),
    ];
}
