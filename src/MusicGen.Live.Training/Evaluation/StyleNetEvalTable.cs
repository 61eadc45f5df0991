using System.Globalization;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Evaluation;

/// <summary>The text table <c>eval stylenet</c> prints: a header that says what each column means, then one line per row.</summary>
public static class StyleNetEvalTable
{
    public static void Write(TextWriter output, IReadOnlyList<EvalRow> rows, string split)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(rows);
        var width = Math.Max(34, rows.Max(r => r.Name.Length) + 2);
        output.WriteLine($"StyleNet velocity metrics, nasap {split} "
            + "(velocity units; r = Pearson; std× and loc× = median over pieces of the std and of the local variation, "
            + $"deviation from a {VelocityExpressiveness.LocalWindow}-note moving mean, over the pianist's)");
        output.WriteLine(split == "test"
            ? $"disc = accuracy of a two-sample discriminator on {DiscriminatorFeatures.Window}-note test windows, "
                + "pianist's against the row's velocities, trained on the row's valid windows (50 % = indistinguishable)"
            : $"disc = accuracy of a two-sample discriminator on {DiscriminatorFeatures.Window}-note windows, "
                + $"pianist's against the row's velocities, two folds by piece within {split} (50 % = indistinguishable)");
        output.WriteLine($"{"model / baseline".PadRight(width)}| {"performance timing",-47}| {"score timing",-40}");
        output.WriteLine($"{string.Empty.PadRight(width)}| {"MAE",7} {"RMSE",7} {"r",7} {"std×",6} {"loc×",6} {"disc",6}   | {"MAE",7} {"RMSE",7} {"r",7} {"std×",6} {"loc×",6}");
        output.WriteLine(new string('-', width + 93));
        foreach (var r in rows)
        {
            // MAE to three decimals: ensembles chosen on valid differ in the third.
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{r.Name.PadRight(width)}| {r.Performance.Mae,7:0.000} {r.Performance.Rmse,7:0.00} {Fmt(r.Performance.Pearson),7} "
                    + $"{Ratio(r.PerformanceExpressiveness?.StdRatio),6} {Ratio(r.PerformanceExpressiveness?.LocalRatio),6} {Percent(r.Discriminator),6}   "
                    + $"| {r.Score.Mae,7:0.000} {r.Score.Rmse,7:0.00} {Fmt(r.Score.Pearson),7} "
                    + $"{Ratio(r.ScoreExpressiveness?.StdRatio),6} {Ratio(r.ScoreExpressiveness?.LocalRatio),6}"));
        }
    }

    // Three decimals: a default is chosen against a bound on the ratios (0.85), which two decimals round across.
    private static string Ratio(double? ratio) => ratio is { } v && !double.IsNaN(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string Percent(double accuracy) => double.IsNaN(accuracy) ? "n/a" : (accuracy * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Fmt(double r) => double.IsNaN(r) ? "n/a" : r.ToString("0.000", CultureInfo.InvariantCulture);
}
