using MusicGen.Live.Ports.Jack;

namespace MusicGen.Live.Cli.Live;

/// <summary>Waits a few JACK process cycles so messages queued for a client's outputs are written before it closes.</summary>
public static class JackDrain
{
    public static void WaitCycles(JackMidiClient client, int cycles = 3)
    {
        ArgumentNullException.ThrowIfNull(client);
        var target = client.Cycles + cycles;
        var deadline = Environment.TickCount64 + 1000;
        while (client.Cycles < target && !client.IsShutDown && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(2);
        }
    }
}
