using MusicGen.Live.Midi.Devices;
using NAudio.Midi;

namespace MusicGen.Live.Ports.WinMM;

/// <summary>
/// Lists and opens WinMM MIDI devices by name, index or glob (<see cref="PortSelector"/>), as the other backends do.
/// Windows only: elsewhere every call is a <see cref="MidiPortException"/> that says so.
/// </summary>
public static class WinMmBackend
{
    public static IReadOnlyList<string> InputNames()
    {
        if (!OperatingSystem.IsWindows())
        {
            throw NotHere("winmm:in");
        }

        var names = new string[MidiIn.NumberOfDevices];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = MidiIn.DeviceInfo(i).ProductName;
        }

        return names;
    }

    public static IReadOnlyList<string> OutputNames()
    {
        if (!OperatingSystem.IsWindows())
        {
            throw NotHere("winmm:out");
        }

        var names = new string[MidiOut.NumberOfDevices];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = MidiOut.DeviceInfo(i).ProductName;
        }

        return names;
    }

    public static WinMmMidiInput OpenInput(string spec)
    {
        if (!OperatingSystem.IsWindows())
        {
            throw NotHere("winmm:in");
        }

        var names = InputNames();
        var index = PortSelector.Resolve(names, spec, "input");
        var input = new WinMmMidiInput(names[index]);
        var device = new MidiIn(index);
        device.MessageReceived += (_, e) => input.OnShort(e.RawMessage);
        device.SysexMessageReceived += (_, e) => input.OnLong(e.SysexBytes);
        device.ErrorReceived += (_, _) => input.OnDeviceError();
        device.Start();
        input.Own(new MidiInCloser(device));
        return input;
    }

    public static WinMmMidiOutput OpenOutput(string spec)
    {
        if (!OperatingSystem.IsWindows())
        {
            throw NotHere("winmm:out");
        }

        var names = OutputNames();
        var index = PortSelector.Resolve(names, spec, "output");
        return new WinMmMidiOutput(new NAudioMidiOut(index), names[index]);
    }

    private static MidiPortException NotHere(string port) =>
        new(port, "the winmm backend needs Windows (winmm.dll); use jack or rtmidi here");
}
