namespace MusicGen.Live.Engine.Stages;

/// <summary>
/// The velocity stage and phrase generator a session runs, and what is wrong with that choice: one warning per
/// placeholder used because its model file is missing (none when a placeholder was asked for by name). The live
/// console shows the warnings on every refresh, and the ready line and closing summary carry them.
/// </summary>
/// <remarks>Immutable once made; read by the control thread.</remarks>
public sealed record LiveStages(IVelocityStage Velocity, IPhraseGenerator Generator, IReadOnlyList<string> Warnings)
{
    /// <summary>The stages by name, for the ready line: <c>velocity="…" generator="…"</c>.</summary>
    public string Names => $"velocity=\"{Velocity.Name}\" generator=\"{Generator.Name}\"";

    /// <summary>The warnings as one line's tail (empty when there are none).</summary>
    public string WarningText => Warnings.Count == 0 ? string.Empty : " WARNING: " + string.Join(" WARNING: ", Warnings);
}
