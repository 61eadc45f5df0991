namespace MusicGen.Live.Cli;

/// <summary>
/// Finds what ships with the program (<c>models/</c>, <c>configs/</c>) relative to the program, never the working
/// directory, so <c>musicgen live</c> run from any folder loads the same models: a published folder holds them beside
/// the program (the project copies them there on publish); a build output lies inside the repository, whose root
/// (the folder with MusicGen.Live.sln) holds them.
/// </summary>
/// <remarks>Any thread; the root is found once.</remarks>
public static class ShippedFiles
{
    private static readonly Lazy<string> s_root = new(() => FindRoot(AppContext.BaseDirectory));

    /// <summary>The folder <c>models/</c> and <c>configs/</c> are read from.</summary>
    public static string Root => s_root.Value;

    /// <summary>A shipped file's full path (<paramref name="relative"/> as in the repository, e.g. <c>models/stylenet-note.json</c>).</summary>
    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>
    /// <paramref name="program"/> itself when it holds a <c>models</c> folder (published), else the nearest folder above it
    /// with MusicGen.Live.sln (a build in the repository), else <paramref name="program"/> (what is missing is then named
    /// with its full path by whoever looks for it).
    /// </summary>
    internal static string FindRoot(string program)
    {
        if (Directory.Exists(Path.Combine(program, "models")))
        {
            return Path.GetFullPath(program);
        }

        for (var dir = new DirectoryInfo(program); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MusicGen.Live.sln")))
            {
                return dir.FullName;
            }
        }

        return Path.GetFullPath(program);
    }
}
