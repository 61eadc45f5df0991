namespace MusicGen.Live.Midi.Devices;

/// <summary>
/// A MIDI input port. Complete messages (SysEx reassembled) are pushed to one <see cref="IMidiReceiver"/>
/// on the backend's real-time thread, without allocation.
/// </summary>
/// <remarks>
/// Threading: <see cref="Start"/> and <see cref="Stop"/> are called by the owner's (control) thread, not
/// concurrently. Between <see cref="Start"/> and <see cref="Stop"/> the receiver is called on the
/// backend's real-time thread (see <see cref="IMidiReceiver"/>); after <see cref="Stop"/> returns it is
/// not called again. The typical receiver copies into an SPSC ring that the engine thread drains.
/// </remarks>
public interface IMidiInput : IMidiPort
{
    /// <summary>Starts delivering messages to <paramref name="receiver"/>. Throws if already started.</summary>
    void Start(IMidiReceiver receiver);

    /// <summary>Stops delivering; waits until a receiver call in progress has returned.</summary>
    void Stop();
}
