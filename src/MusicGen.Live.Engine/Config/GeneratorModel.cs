namespace MusicGen.Live.Engine.Config;

/// <summary>Which phrase generator answers the player (<c>continuation.generator</c>).</summary>
public enum GeneratorModel
{
    /// <summary>The shipped PhraseTransformer (<c>models/phrase-transformer.json</c>). The default.</summary>
    Transformer,

    /// <summary>
    /// No model: the recent-phrase echo placeholder (<see cref="Stages.RecentPhraseEcho"/>), used only when asked for by name
    /// (or, with a warning on every status line, when the transformer's file is missing).
    /// </summary>
    Echo,
}
