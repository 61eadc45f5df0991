using System.Text.Json.Nodes;
using MusicGen.Live.Training.Common;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Shipping;

/// <summary>Evaluation rows as a model card's <c>metrics</c>: per row, performance and score timing, figures to four places.</summary>
public static class CardMetrics
{
    public static JsonObject Of(IEnumerable<EvalRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var metrics = new JsonObject();
        foreach (var r in rows)
        {
            metrics[r.Name] = new JsonObject
            {
                ["performance"] = Figures(r.Performance, r.PerformanceExpressiveness, r.Discriminator),
                ["score"] = Figures(r.Score, r.ScoreExpressiveness),
            };
        }

        return metrics;
    }

    private static JsonObject Figures(RegressionMetrics m, ExpressivenessStats? e, double discriminator = double.NaN)
    {
        var metrics = new JsonObject
        {
            ["mae"] = Math.Round(m.Mae, 4),
            ["rmse"] = Math.Round(m.Rmse, 4),
            ["pearson_r"] = double.IsNaN(m.Pearson) ? null : Math.Round(m.Pearson, 4),
            ["notes"] = m.Count,
        };
        if (e is not null)
        {
            metrics["std_ratio"] = double.IsNaN(e.StdRatio) ? null : Math.Round(e.StdRatio, 4);
            metrics["local_ratio"] = double.IsNaN(e.LocalRatio) ? null : Math.Round(e.LocalRatio, 4);
        }

        if (!double.IsNaN(discriminator))
        {
            metrics["discriminator_accuracy"] = Math.Round(discriminator, 4);
        }

        return metrics;
    }
}
