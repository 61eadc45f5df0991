using System.Globalization;
using System.Text;
using MusicGen.Live.Midi;

namespace MusicGen.Live.Cli.Demo;

/// <summary>
/// Draws the demo's piano roll as SVG, written by hand (no plotting library), in three labelled lanes on one time
/// and pitch axis: the player's input (blue), the engine's humanized echo of it (green: output notes on the
/// player's channel) and the generated answers (orange, outlined, each numbered as in the demo's text output).
/// Velocity is lightness: pale soft, dark loud. Every note rect has class player, echo or answer.
/// </summary>
public static class PianoRollSvg
{
    private const double PixelsPerSecond = 60;
    private const double RowHeight = 7;
    private const double Left = 60;
    private const double LaneGap = 40;

    private static readonly (string Class, int Hue, string Title)[] s_lanes =
    [
        ("player", 215, "player (input)"),
        ("echo", 135, "humanized echo (engine output, player's channel)"),
        ("answer", 25, "generated answer (engine output, continuation channel; outlined)"),
    ];

    public static void Write(string path, IReadOnlyList<Note> input, IReadOnlyList<Note> output, int playerChannel = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var echo = output.Where(n => n.Channel == playerChannel).ToList();
        var answers = DemoAnswers.Find(input, output, playerChannel);
        var answer = answers.SelectMany(a => a.Notes).ToList();
        var all = input.Concat(output).ToList();
        var low = all.Count == 0 ? 48 : all.Min(n => n.Pitch) - 2;
        var high = all.Count == 0 ? 72 : all.Max(n => n.Pitch) + 2;
        var seconds = all.Count == 0 ? 1 : all.Max(n => n.OffsetSeconds) + 0.5;
        var laneHeight = (high - low + 1) * RowHeight;
        var width = Math.Max(Left + (seconds * PixelsPerSecond) + 20, 720);
        var height = (3 * (laneHeight + LaneGap)) + 60;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0}\" height=\"{height:0}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        IReadOnlyList<Note>[] notes = [input, echo, answer];
        for (var lane = 0; lane < 3; lane++)
        {
            var top = 20 + (lane * (laneHeight + LaneGap));
            Lane(svg, lane, notes[lane], top, laneHeight, low, high, seconds);
            if (lane == 2)
            {
                foreach (var a in answers)
                {
                    svg.Append(Invariant($"<text x=\"{Left + (a.StartSeconds * PixelsPerSecond):0.#}\" y=\"{top + laneHeight + 24:0.#}\" "))
                        .Append(Invariant($"fill=\"hsl({s_lanes[2].Hue},80%,30%)\" font-weight=\"bold\">▲ answer {a.Number}</text>\n"));
                }
            }
        }

        Legend(svg, height - 25);
        svg.Append("</svg>\n");
        File.WriteAllText(path, svg.ToString());
    }

    private static void Lane(StringBuilder svg, int lane, IReadOnlyList<Note> notes, double top, double laneHeight, int low, int high, double seconds)
    {
        var (cls, hue, title) = s_lanes[lane];
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"{top - 6}\" font-weight=\"bold\" fill=\"hsl({hue},70%,30%)\">{title}: {notes.Count} notes</text>\n"));
        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{top}\" width=\"{seconds * PixelsPerSecond:0.#}\" height=\"{laneHeight:0.#}\" fill=\"hsl({hue},40%,97%)\" stroke=\"hsl({hue},40%,70%)\"/>\n"));
        for (var pitch = low; pitch <= high; pitch++)
        {
            if (pitch % 12 == 0)
            {
                var y = top + ((high - pitch) * RowHeight);
                svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Left + (seconds * PixelsPerSecond):0.#}\" y1=\"{y + RowHeight:0.#}\" y2=\"{y + RowHeight:0.#}\" stroke=\"#ddd\"/>"));
                svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{y + RowHeight:0.#}\" text-anchor=\"end\">C{(pitch / 12) - 1}</text>\n"));
            }
        }

        for (var s = 0; s <= (int)seconds; s++)
        {
            svg.Append(Invariant($"<text x=\"{Left + (s * PixelsPerSecond):0.#}\" y=\"{top + laneHeight + 12:0.#}\" text-anchor=\"middle\" fill=\"#888\">{s}s</text>"));
        }

        foreach (var n in notes)
        {
            var x = Left + (n.OnsetSeconds * PixelsPerSecond);
            var w = Math.Max(2, n.DurationSeconds * PixelsPerSecond);
            var y = top + ((high - n.Pitch) * RowHeight);
            var outline = cls == "answer" ? " stroke=\"black\" stroke-width=\"1.2\"" : string.Empty;
            svg.Append(Invariant($"<rect class=\"{cls}\" x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{w:0.##}\" height=\"{RowHeight - 1}\" fill=\"{Colour(hue, n.Velocity)}\"{outline}>"))
                .Append(Invariant($"<title>{cls}: pitch {n.Pitch} velocity {n.Velocity} channel {n.Channel + 1} at {n.OnsetSeconds:0.000}s</title></rect>\n"));
        }
    }

    private static void Legend(StringBuilder svg, double y)
    {
        var x = Left;
        foreach (var (cls, hue, _) in s_lanes)
        {
            var outline = cls == "answer" ? " stroke=\"black\" stroke-width=\"1.2\"" : string.Empty;
            svg.Append(Invariant($"<rect x=\"{x:0.#}\" y=\"{y}\" width=\"24\" height=\"12\" fill=\"{Colour(hue, 90)}\"{outline}/><text x=\"{x + 30:0.#}\" y=\"{y + 10}\">{cls}</text>"));
            x += 95;
        }

        svg.Append(Invariant($"<text x=\"{x + 10:0.#}\" y=\"{y + 10}\">velocity: pale soft → dark loud</text>"));
        for (var v = 0; v <= 127; v += 16)
        {
            svg.Append(Invariant($"<rect x=\"{x + 190 + (v * 0.9):0.#}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{Colour(s_lanes[0].Hue, v)}\"/>"));
        }

        svg.Append('\n');
    }

    /// <summary>The lane's hue; lightness from 85 % (velocity 0) to 30 % (127).</summary>
    private static string Colour(int hue, int velocity) => Invariant($"hsl({hue},75%,{85 - (55.0 * Math.Clamp(velocity, 0, 127) / 127):0}%)");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
