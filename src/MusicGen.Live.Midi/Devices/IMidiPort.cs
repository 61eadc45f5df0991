namespace MusicGen.Live.Midi.Devices;

/// <summary>
/// What inputs and outputs share: a name the user can find, a state, a loss report and counters.
/// </summary>
/// <remarks>
/// Threading: <see cref="State"/>, <see cref="Dropped"/> and <see cref="Errors"/> may be read from any
/// thread (volatile / interlocked). <see cref="Lost"/> is raised at most once, on a non-real-time thread
/// (a thread-pool or monitor thread, never inside a native callback), after <see cref="State"/> became
/// <see cref="MidiPortState.Lost"/>; a handler may do slow work (send note-offs on other ports, log).
/// <see cref="IDisposable.Dispose"/> is called by the owner's thread, once, after which no callback runs.
/// </remarks>
public interface IMidiPort : IDisposable
{
    /// <summary>Full name as other programs see it, e.g. <c>musicgen:in</c> or <c>pyout:out</c>.</summary>
    string Name { get; }

    MidiPortState State { get; }

    /// <summary>Messages thrown away: ring full, message too long for a slot, port lost.</summary>
    long Dropped { get; }

    /// <summary>Exceptions caught on a real-time thread (a receiver that threw, a native call that failed there).</summary>
    long Errors { get; }

    /// <summary>The port went away (peer quit, server stopped). The program stays up.</summary>
    event EventHandler<MidiPortLostEventArgs>? Lost;
}
