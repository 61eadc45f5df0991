using System.Globalization;
using System.Text;
using MusicGen.Live.Midi;

namespace MusicGen.Live.Cli.Demo;

/// <summary>
/// Draws a piano roll as SVG, written by hand (no plotting library): one lane for the player's input, one for
/// the engine's output; each note a bar coloured by velocity (blue soft → red loud), generated notes outlined.
/// </summary>
public static class PianoRollSvg
{
    private const double PixelsPerSecond = 60;
    private const double RowHeight = 7;
    private const double Left = 60;

    public static void Write(string path, IReadOnlyList<Note> input, IReadOnlyList<Note> output, int playerChannel = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var all = input.Concat(output).ToList();
        var low = all.Count == 0 ? 48 : all.Min(n => n.Pitch) - 2;
        var high = all.Count == 0 ? 72 : all.Max(n => n.Pitch) + 2;
        var seconds = all.Count == 0 ? 1 : all.Max(n => n.OffsetSeconds) + 0.5;
        var laneHeight = (high - low + 1) * RowHeight;
        var width = Left + (seconds * PixelsPerSecond) + 20;
        var height = (2 * laneHeight) + 110;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0}\" height=\"{height:0}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        Lane(svg, "input (player)", input, 20, laneHeight, low, high, seconds, playerChannel);
        Lane(svg, "output (engine: humanized player + generated answer, outlined)", output, 50 + laneHeight, laneHeight, low, high, seconds, playerChannel);
        Legend(svg, height - 25);
        svg.Append("</svg>\n");
        File.WriteAllText(path, svg.ToString());
    }

    private static void Lane(StringBuilder svg, string title, IReadOnlyList<Note> notes, double top, double laneHeight, int low, int high, double seconds, int playerChannel)
    {
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"{top - 6}\" font-weight=\"bold\">{title}</text>\n"));
        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{top}\" width=\"{seconds * PixelsPerSecond:0.#}\" height=\"{laneHeight:0.#}\" fill=\"#f4f4f4\" stroke=\"#ccc\"/>\n"));
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
            var generated = n.Channel != playerChannel;
            svg.Append(Invariant($"<rect x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{w:0.##}\" height=\"{RowHeight - 1}\" fill=\"{Colour(n.Velocity)}\"{(generated ? " stroke=\"black\" stroke-width=\"1.2\"" : string.Empty)}><title>pitch {n.Pitch} velocity {n.Velocity} channel {n.Channel + 1} at {n.OnsetSeconds:0.000}s</title></rect>\n"));
        }
    }

    private static void Legend(StringBuilder svg, double y)
    {
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"{y + 10}\">velocity</text>"));
        for (var v = 0; v <= 127; v += 8)
        {
            svg.Append(Invariant($"<rect x=\"{Left + 55 + (v * 1.5):0.#}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{Colour(v)}\"/>"));
        }

        svg.Append(Invariant($"<text x=\"{Left + 55 + (136 * 1.5):0.#}\" y=\"{y + 10}\">1 → 127</text>\n"));
    }

    /// <summary>Blue (soft) through green to red (loud).</summary>
    private static string Colour(int velocity) => Invariant($"hsl({240 - (240.0 * Math.Clamp(velocity, 0, 127) / 127):0},80%,50%)");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
