using System.Globalization;
using System.Text.RegularExpressions;
using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports;

/// <summary>
/// Finds one port among a backend's listed names from what a user typed: an index ("0"), an exact name
/// ("pyout:out"), a glob ("*Keystation*") or a case-insensitive fragment ("keystation").
/// Anything but exactly one match is a <see cref="MidiPortException"/> that lists what exists.
/// </summary>
/// <remarks>Threading: pure function; control thread.</remarks>
public static class PortSelector
{
    public static int Resolve(IReadOnlyList<string> names, string spec, string direction)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return index < names.Count ? index : throw Error(names, spec, direction, $"there is no {direction} port #{index}");
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], spec, StringComparison.Ordinal))
            {
                return i;
            }
        }

        var matches = new List<int>();
        var glob = spec.Contains('*', StringComparison.Ordinal) || spec.Contains('?', StringComparison.Ordinal)
            ? new Regex(
                "^" + Regex.Escape(spec).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
            : null;
        for (var i = 0; i < names.Count; i++)
        {
            if (glob?.IsMatch(names[i]) ?? names[i].Contains(spec, StringComparison.OrdinalIgnoreCase))
            {
                matches.Add(i);
            }
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw Error(names, spec, direction, $"no {direction} port matches"),
            _ => throw Error(names, spec, direction, $"{matches.Count} {direction} ports match ({string.Join(", ", matches.Select(i => names[i]))}); be more specific"),
        };
    }

    private static MidiPortException Error(IReadOnlyList<string> names, string spec, string direction, string why) =>
        new(spec, $"{why}. Available {direction} ports: {(names.Count == 0 ? "none" : string.Join(", ", names.Select((n, i) => $"[{i}] {n}")))}");
}
