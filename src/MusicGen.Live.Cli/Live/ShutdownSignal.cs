using System.Runtime.InteropServices;

namespace MusicGen.Live.Cli.Live;

/// <summary>
/// Turns Ctrl+C (SIGINT), SIGTERM and SIGQUIT into a cancellation the command waits on, instead of the
/// runtime's immediate exit, so the engine can send its note-offs before the process ends.
/// </summary>
/// <remarks>Threading: the handlers run on a runtime signal thread and only cancel the token.</remarks>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Handle),
        ];
    }

    public CancellationToken Token => _source.Token;

    /// <summary>The signal that arrived, if any.</summary>
    public PosixSignal? Received { get; private set; }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true; // we exit ourselves, after the note-offs
        Received ??= context.Signal;
        _source.Cancel();
    }
}
