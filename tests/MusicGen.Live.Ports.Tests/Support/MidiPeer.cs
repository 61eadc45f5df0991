using MusicGen.Live.TestSupport;
using MusicGen.Live.TestSupport.Jack;
using MusicGen.Live.TestSupport.Processes;

namespace MusicGen.Live.Ports.Tests.Support;

/// <summary>
/// The python3-rtmidi peer (<c>scripts/midi_peer.py</c>): a MIDI client that is not our code, on the test's JACK
/// server. Kept here rather than in TestSupport because the script belongs to these tests.
/// </summary>
internal static class MidiPeer
{
    public static ChildProcess Start(JackServer server, params string[] args)
    {
        var script = RepoPaths.InRepo("tests", "MusicGen.Live.Ports.Tests", "scripts", "midi_peer.py");
        return new ChildProcess(server.Tool("/usr/bin/python3", [script, .. args]), "midi_peer.py");
    }
}
