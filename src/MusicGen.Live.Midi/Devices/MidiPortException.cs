namespace MusicGen.Live.Midi.Devices;

/// <summary>A port could not be listed, opened or used. Names the port and carries the backend's own message.</summary>
public sealed class MidiPortException : Exception
{
    public MidiPortException(string portName, string message)
        : base($"MIDI port '{portName}': {message}") => PortName = portName;

    public MidiPortException(string portName, string message, Exception inner)
        : base($"MIDI port '{portName}': {message}", inner) => PortName = portName;

    public string PortName { get; }
}
