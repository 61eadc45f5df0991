namespace MusicGen.Live.TestSupport.Jack;

/// <summary>
/// xunit collection fixture: one private JACK server shared by a collection's tests, made the process's
/// default server (native <c>JACK_DEFAULT_SERVER</c>) so in-process clients such as RtMidi find it.
/// Put every test class that uses it in one collection: the default server is process-wide.
/// </summary>
public sealed class JackServerFixture : IDisposable
{
    public JackServerFixture()
    {
        Server = JackServer.Start();
        MakeDefault(Server);
    }

    public JackServer Server { get; }

    /// <summary>Points in-process JACK clients (RtMidi) at <paramref name="server"/>.</summary>
    public static void MakeDefault(JackServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        NativeEnvironment.Set("JACK_DEFAULT_SERVER", server.Name);
        NativeEnvironment.Set("JACK_NO_START_SERVER", "1");
    }

    public void Dispose() => Server.Dispose();
}
