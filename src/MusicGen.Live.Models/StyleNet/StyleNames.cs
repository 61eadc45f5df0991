namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The names users give styles (<c>humanize --style</c>, <c>continue --style</c>, <c>continuation.style</c>):
/// "classical" and "pop". Stateless; any thread.
/// </summary>
public static class StyleNames
{
    /// <summary>The names, as an error message lists them.</summary>
    public const string List = "classical or pop";

    public static string Name(StyleNetStyle style) => style switch
    {
        StyleNetStyle.Classical => "classical",
        StyleNetStyle.Pop => "pop",
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "unknown style"),
    };

    public static bool TryParse(string? text, out StyleNetStyle style)
    {
        switch (text)
        {
            case "classical":
                style = StyleNetStyle.Classical;
                return true;
            case "pop":
                style = StyleNetStyle.Pop;
                return true;
            default:
                style = default;
                return false;
        }
    }
}
