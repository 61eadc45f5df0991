using MusicGen.Live.TestSupport.Jack;

namespace MusicGen.Live.Ports.Tests.Support;

/// <summary>
/// Every test class that talks to JACK shares one private server and runs sequentially: the default
/// server (native JACK_DEFAULT_SERVER, read by RtMidi) is process-wide state.
/// </summary>
[CollectionDefinition(Name)]
public sealed class JackServerGroup : ICollectionFixture<JackServerFixture>
{
    public const string Name = "jack";
}
