namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// How far past a note's onset the note StyleNet may look, in the one form every part uses, from the engine's config
/// to the model's features: seconds as the float the model reads, finite and within [0, <see cref="NoteFeatures.MaxLookaheadSeconds"/>].
/// One comparison, <see cref="Contains"/>, decides both which later notes and note-offs a note's features show and,
/// live, whether the note's look-ahead has passed (<see cref="HasPassed"/>). The two are the same expression on the same
/// doubles, so they cannot round differently: once the stream has every event stamped up to <c>now</c> and
/// <c>HasPassed(onset, now)</c> holds, every event a later time could bring lies outside the note's window
/// (its time is ≥ now, so <c>time − onset ≥ now − onset ≥ Seconds</c>), and the live velocity is the offline one.
/// </summary>
/// <remarks>Immutable; any thread.</remarks>
public readonly record struct Lookahead
{
    private Lookahead(float seconds) => Seconds = seconds;

    /// <summary>No look-ahead: a velocity from the note and what came before it.</summary>
    public static Lookahead Causal => default;

    /// <summary>The look-ahead in seconds, as the model reads it (its feature and its window bound).</summary>
    public float Seconds { get; }

    /// <summary>A look-ahead of <paramref name="seconds"/> (the float the model reads); NaN or infinity is 0, and it is clamped to what the model was trained for.</summary>
    public static Lookahead FromSeconds(float seconds) =>
        new(Math.Clamp(float.IsFinite(seconds) ? seconds : 0f, 0f, NoteFeatures.MaxLookaheadSeconds));

    /// <summary>
    /// The look-ahead a clock of <paramref name="frequency"/> ticks a second has certainly covered once <paramref name="ticks"/>
    /// ticks have passed since a note's onset: (ticks − 1) / frequency, rounded down to the model's float. The tick kept in
    /// hand is far more than the rounding of a session's clock to seconds in double (a nanosecond clock would need the
    /// session to run for years before that rounding reaches one tick), so a caller that waits <paramref name="ticks"/>
    /// and then asks always finds <see cref="HasPassed"/> true.
    /// </summary>
    public static Lookahead FromTicks(long ticks, long frequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(frequency, 0);
        if (ticks <= 1)
        {
            return Causal;
        }

        var exact = (ticks - 1) / (double)frequency;
        var seconds = (float)exact;
        if (seconds > exact)
        {
            seconds = MathF.BitDecrement(seconds);
        }

        return FromSeconds(seconds);
    }

    /// <summary>Whether <paramref name="time"/> lies within the look-ahead of a note at <paramref name="onset"/> (seconds on one clock).</summary>
    public bool Contains(double onset, double time) => time - onset < Seconds;

    /// <summary>Whether a note at <paramref name="onset"/> has had its whole look-ahead by <paramref name="now"/>.</summary>
    public bool HasPassed(double onset, double now) => !Contains(onset, now);

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Seconds * 1000:0.######} ms");
}
