namespace MusicGen.Live.Ports.RtMidi;

/// <summary>Lets the backend hand a port the loss watcher it must dispose with itself.</summary>
internal interface IRtMidiPort
{
    void Attach(IDisposable watch);
}
