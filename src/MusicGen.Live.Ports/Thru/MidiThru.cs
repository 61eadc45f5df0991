using MusicGen.Live.Midi.Devices;

namespace MusicGen.Live.Ports.Thru;

/// <summary>
/// Passes every input message straight to an output inside the input's callback, keeping its timestamp
/// (so a JACK output places it at the same frame offset: in-cycle thru), and tracks sounding notes.
/// </summary>
/// <remarks>
/// Threading: <see cref="Receive"/> runs on the input's real-time thread; it only copies the span into
/// the output and updates the <see cref="NoteTracker"/>: no allocation, lock or throw. <see cref="Run"/>
/// and <see cref="StopAndRelease"/> run on the control thread.
/// </remarks>
public sealed class MidiThru(IMidiInput input, IMidiOutput output) : IMidiReceiver
{
    private long _passed;

    public NoteTracker Notes { get; } = new();

    /// <summary>Messages passed to the output.</summary>
    public long Passed => Interlocked.Read(ref _passed);

    public void Receive(ReadOnlySpan<byte> message, long timestamp)
    {
        if (output.SendAt(message, timestamp))
        {
            Notes.Track(message);
            Interlocked.Increment(ref _passed);
        }
    }

    /// <summary>Starts passing messages.</summary>
    public void Run() => input.Start(this);

    /// <summary>Stops the input, then sends note-offs for notes still sounding (if the output still stands). Returns how many.</summary>
    public int StopAndRelease()
    {
        if (input.State is MidiPortState.Running or MidiPortState.Lost)
        {
            input.Stop();
        }

        return output.State == MidiPortState.Running ? Notes.ReleaseAll(output) : 0;
    }
}
