namespace MusicGen.Live.TestSupport;

/// <summary>Finds the repository root (the folder with MusicGen.Live.sln) and the shared data beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    /// <summary><c>../shared/data</c> relative to the repository root, or MUSICGEN_DATA when set.</summary>
    public static string Data =>
        Environment.GetEnvironmentVariable("MUSICGEN_DATA") is { Length: > 0 } env
            ? env
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MusicGen.Live.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"MusicGen.Live.sln not found above {AppContext.BaseDirectory}");
    }
}
