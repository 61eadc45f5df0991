namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// A human reference for the velocity table: another pianist's velocities for the same notes. For a performance A,
/// B is the next performance of the same score (the same folder, ordinal order of file names, wrapping round); a
/// score with one aligned performance has no B and its performance is left out (<see cref="LeftOut"/>). Each note of A
/// gets B's velocity for its score note (score onset in quarters and score pitch, <see cref="StyleNetPiece.PerfScoreIndex"/>);
/// where B has none (A's inserted notes, score notes B did not play) it gets the mean of B's velocities over the notes
/// of A within <see cref="FallbackWindow"/> notes centred on it that have one (k − 8 … k + 7), and B's mean over
/// the piece where none of them has. Immutable after construction; <see cref="Predict"/> is safe to call concurrently.
/// </summary>
public sealed class AnotherPianist
{
    /// <summary>Notes of A, centred on a note B has no velocity for, whose B velocities are averaged in its place.</summary>
    public const int FallbackWindow = 16;

    // Score onsets are compared on a grid of 1/960 quarter: exact for every notated value, deaf to rounding in the conversion.
    private const double Grid = 960;

    private readonly Dictionary<string, StyleNetPiece> _partner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<(long OnsetQ, int Pitch), byte>> _velocityAt = new(StringComparer.Ordinal);

    public AnotherPianist(IEnumerable<StyleNetPiece> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var byScore = pieces
            .Where(p => p.Dataset == "nasap" && p.HasScoreKeys)
            .GroupBy(p => Path.GetDirectoryName(p.Name) ?? string.Empty, StringComparer.Ordinal);
        foreach (var group in byScore)
        {
            var performances = group.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            if (performances.Count < 2)
            {
                LeftOut += performances.Count;
                continue;
            }

            for (var i = 0; i < performances.Count; i++)
            {
                var b = performances[(i + 1) % performances.Count];
                _partner[performances[i].Name] = b;
                _velocityAt.TryAdd(b.Name, VelocityAt(b));
            }
        }
    }

    /// <summary>Aligned nasap performances left out because no other performance of their score is aligned.</summary>
    public int LeftOut { get; }

    public bool HasPartner(StyleNetPiece piece) => _partner.ContainsKey(piece.Name);

    public StyleNetPiece PartnerOf(StyleNetPiece piece) =>
        _partner.TryGetValue(piece.Name, out var b) ? b : throw new ArgumentException($"{piece.Name} has no other performance of its score", nameof(piece));

    /// <summary>
    /// Fills <paramref name="velocities"/> (one per note of A's <paramref name="form"/>) with B's velocities and returns
    /// how many notes fell back to the mean around them.
    /// </summary>
    public int Predict(StyleNetPiece a, TimingForm form, Span<float> velocities)
    {
        ArgumentNullException.ThrowIfNull(a);
        var b = PartnerOf(a);
        var atB = _velocityAt[b.Name];
        var scoreIndex = a.PerfScoreIndex!;
        var onsets = a.ScoreOnsetQ!;
        var count = form == TimingForm.Performance ? a.PerfNotes.Length : a.ScoreNotes.Length;
        var known = new bool[count];
        for (var k = 0; k < count; k++)
        {
            var j = form == TimingForm.Performance ? scoreIndex[k] : k;
            byte v = 0;
            known[k] = j >= 0 && atB.TryGetValue(Key(onsets[j], a.ScoreNotes[j].Pitch), out v);
            velocities[k] = v;
        }

        return FillGaps(velocities[..count], known, Mean(b.ScoreVelocities));
    }

    /// <summary>
    /// A's notes that B played (in each timing form), as a piece of their own with its score keys, and where each of
    /// them is in A (<paramref name="perfKept"/>, <paramref name="scoreKept"/>): what compares two pianists with no
    /// rule for the notes only one of them played.
    /// </summary>
    public StyleNetPiece SharedNotes(StyleNetPiece a, out int[] perfKept, out int[] scoreKept)
    {
        ArgumentNullException.ThrowIfNull(a);
        var atB = _velocityAt[PartnerOf(a).Name];
        scoreKept = [.. Enumerable.Range(0, a.ScoreNotes.Length).Where(j => atB.ContainsKey(Key(a.ScoreOnsetQ![j], a.ScoreNotes[j].Pitch)))];
        var newScoreIndex = new int[a.ScoreNotes.Length];
        Array.Fill(newScoreIndex, -1);
        for (var i = 0; i < scoreKept.Length; i++)
        {
            newScoreIndex[scoreKept[i]] = i;
        }

        perfKept = [.. Enumerable.Range(0, a.PerfNotes.Length).Where(k => a.PerfScoreIndex![k] >= 0 && newScoreIndex[a.PerfScoreIndex[k]] >= 0)];
        var (perf, score) = (perfKept, scoreKept);
        return a with
        {
            PerfNotes = [.. perf.Select(k => a.PerfNotes[k])],
            PerfVelocities = [.. perf.Select(k => a.PerfVelocities[k])],
            PerfScoreIndex = [.. perf.Select(k => newScoreIndex[a.PerfScoreIndex![k]])],
            ScoreNotes = [.. score.Select(j => a.ScoreNotes[j])],
            ScoreVelocities = [.. score.Select(j => a.ScoreVelocities[j])],
            ScoreOnsetQ = [.. score.Select(j => a.ScoreOnsetQ![j])],
        };
    }

    /// <summary>Notes of <paramref name="pieces"/> (each with a partner) in <paramref name="form"/>, and how many of them B has no velocity for.</summary>
    public (long Notes, long FellBack) Coverage(IEnumerable<StyleNetPiece> pieces, TimingForm form)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        long notes = 0, fellBack = 0;
        foreach (var p in pieces)
        {
            var buffer = new float[VelocityEvaluation.Form(p, form).Notes.Length];
            fellBack += Predict(p, form, buffer);
            notes += buffer.Length;
        }

        return (notes, fellBack);
    }

    /// <summary>
    /// Gives every value not <paramref name="known"/> the mean of the known values among the <see cref="FallbackWindow"/>
    /// centred on it, or <paramref name="fallback"/> where none is known; returns how many it filled.
    /// </summary>
    internal static int FillGaps(Span<float> values, ReadOnlySpan<bool> known, float fallback)
    {
        // Prefix sums over the known values only, so each gap's window mean is two subtractions.
        var sum = new double[values.Length + 1];
        var n = new int[values.Length + 1];
        for (var k = 0; k < values.Length; k++)
        {
            sum[k + 1] = sum[k] + (known[k] ? values[k] : 0);
            n[k + 1] = n[k] + (known[k] ? 1 : 0);
        }

        var filled = 0;
        for (var k = 0; k < values.Length; k++)
        {
            if (known[k])
            {
                continue;
            }

            int lo = Math.Max(0, k - (FallbackWindow / 2)), hi = Math.Min(values.Length, k + (FallbackWindow / 2));
            var have = n[hi] - n[lo];
            values[k] = have > 0 ? (float)((sum[hi] - sum[lo]) / have) : fallback;
            filled++;
        }

        return filled;
    }

    private static Dictionary<(long, int), byte> VelocityAt(StyleNetPiece b)
    {
        // Two score notes of one pitch at one onset (a unison of two voices, which one key plays once): the first in score order.
        var at = new Dictionary<(long, int), byte>();
        for (var j = 0; j < b.ScoreNotes.Length; j++)
        {
            at.TryAdd(Key(b.ScoreOnsetQ![j], b.ScoreNotes[j].Pitch), b.ScoreVelocities[j]);
        }

        return at;
    }

    private static (long, int) Key(double onsetQ, int pitch) => ((long)Math.Round(onsetQ * Grid), pitch);

    private static float Mean(byte[] velocities) => velocities.Length == 0 ? 64f : (float)velocities.Average(v => (double)v);
}
