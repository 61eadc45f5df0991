using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Ports.Jack;
using MusicGen.Live.TestSupport.Jack;

namespace MusicGen.Live.Engine.Tests.Support;

/// <summary>
/// A JACK client in the test process, not the engine: a recorder port connected from <c>musicgen:out</c>
/// and a player port connected to <c>musicgen:in</c>.
/// </summary>
public sealed class JackProbe : IDisposable, IMidiReceiver
{
    private readonly JackMidiClient _client;
    private readonly (byte Status, byte Data1, byte Data2, long Time)[] _received = new (byte, byte, byte, long)[1 << 14];
    private int _count;

    public JackProbe(JackServer server, string engineClient = "musicgen")
    {
        _client = JackMidiClient.Open("probe", server.Name);
        var input = _client.AddInput("in");
        Player = _client.AddOutput("out");
        _client.Activate();
        input.Start(this);
        server.WaitForPorts(TimeSpan.FromSeconds(20), $"{engineClient}:in", $"{engineClient}:out");
        _client.Connect($"{engineClient}:out", input.Name);
        _client.Connect(Player.Name, $"{engineClient}:in");
    }

    public JackMidiOutput Player { get; }

    /// <summary>What the engine sent, in arrival order, with arrival times (MidiClock ticks).</summary>
    public IReadOnlyList<(byte Status, byte Data1, byte Data2, long Time)> Received =>
        _received.AsSpan(0, Volatile.Read(ref _count)).ToArray();

    public void Receive(ReadOnlySpan<byte> message, long timestamp)
    {
        var i = _count;
        if (i < _received.Length && message.Length >= 2)
        {
            _received[i] = (message[0], message[1], message.Length > 2 ? message[2] : (byte)0, timestamp);
            Volatile.Write(ref _count, i + 1);
        }
    }

    public void Send(byte status, byte data1, byte data2) => Player.Send([status, data1, data2]);

    public void Dispose() => _client.Dispose();
}
