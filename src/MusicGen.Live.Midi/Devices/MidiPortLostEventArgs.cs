namespace MusicGen.Live.Midi.Devices;

/// <summary>Why a port went away: its name and the backend's reason (e.g. the JACK server's shutdown message).</summary>
public sealed class MidiPortLostEventArgs(string portName, string reason) : EventArgs
{
    public string PortName { get; } = portName;

    public string Reason { get; } = reason;
}
