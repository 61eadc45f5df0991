namespace MusicGen.Live.Engine.Config;

/// <summary>A config file or value is invalid. Names the file and the key (e.g. <c>continuation.channel</c>).</summary>
public sealed class EngineConfigException(string source, string key, string message)
    : Exception($"{source}: '{key}': {message}")
{
    public string ConfigSource { get; } = source;

    public string Key { get; } = key;
}
