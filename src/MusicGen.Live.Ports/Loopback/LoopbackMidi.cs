namespace MusicGen.Live.Ports.Loopback;

/// <summary>Creates connected in-process port pairs: what the output sends, the input receives.</summary>
public static class LoopbackMidi
{
    /// <summary>A pair named <c>{name}:out</c> → <c>{name}:in</c>.</summary>
    public static (LoopbackMidiInput Input, LoopbackMidiOutput Output) CreatePair(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var input = new LoopbackMidiInput($"{name}:in");
        return (input, new LoopbackMidiOutput($"{name}:out", input));
    }
}
