using System.Diagnostics;
using MusicGen.Live.Engine.Config;
using MusicGen.Live.Engine.Core;
using MusicGen.Live.Engine.Stages;
using MusicGen.Live.Ports;
using MusicGen.Live.Ports.Jack;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// The live engine on a private JACK dummy server, as <c>musicgen live --backend jack</c> runs it (the same
/// <see cref="PortPair"/>, stages from the command line's <see cref="StageSource"/>), with two JACK clients that are not the engine:
/// a player whose output feeds <c>musicgen:in</c>, and a listener on <c>musicgen:out</c> whose
/// <see cref="OutputChecker"/> tracks what sounds. Recording is off (a session grows by design). For the load benches.
/// </summary>
/// <remarks>Threading: construct, sample and dispose on the control thread; the player's output is used by one thread.</remarks>
public sealed class JackEngineRig : IDisposable
{
    private readonly PrivateJackServer _server;
    private readonly PortPair _ports;
    private readonly JackMidiClient _player;
    private readonly JackMidiClient _listener;

    public JackEngineRig(EngineOptions options, string prefix, StageSource stageSource)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stageSource);
        options.Recording.Enabled = false;
        _server = PrivateJackServer.Start(prefix: prefix);
        try
        {
            _ports = PortPair.Open(new PortPairOptions(PortBackend.Jack, ClientName: "musicgen", Server: _server.Name));
            var stages = stageSource(options);
            Warnings = stages.Warnings;
            Engine = new LiveEngine(options, _ports.Input, _ports.Output, stages.Velocity, stages.Generator, recordingPath: null);
            _player = JackMidiClient.Open("player", _server.Name);
            Player = _player.AddOutput("out");
            _listener = JackMidiClient.Open("listener", _server.Name);
            var heard = _listener.AddInput("in");
            _player.Activate();
            _listener.Activate();
            heard.Start(Output);
            _player.Connect(Player.Name, _ports.Input.Name);
            _listener.Connect(_ports.Output.Name, heard.Name);
            Engine.Start();
            Thread.Sleep(200); // connections take effect at a cycle boundary
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public LiveEngine Engine { get; } = null!;

    /// <summary>Placeholder warnings from the stage factory: a bench on a placeholder says so.</summary>
    public IReadOnlyList<string> Warnings { get; } = [];

    public JackMidiOutput Player { get; } = null!;

    public OutputChecker Output { get; } = new();

    public string ServerName => _server.Name;

    /// <summary>Cycles the three clients' server overran, as the player and listener saw them.</summary>
    public long Xruns => (_player?.Xruns ?? 0) + (_listener?.Xruns ?? 0);

    /// <summary>This process's resident memory now, MiB.</summary>
    public static double RssMiB()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64 / (1024.0 * 1024.0);
    }

    /// <summary>Waits (bounded) until nothing sounds on the listener; true when quiet.</summary>
    public bool WaitQuiet(TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while ((Output.Sounding > 0 || Output.PedalsDown > 0) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        return Output.Sounding == 0 && Output.PedalsDown == 0;
    }

    /// <summary>Stops the engine (note-offs for everything sounding) and lets the last messages reach the listener.</summary>
    public void Stop()
    {
        Player.Flush(TimeSpan.FromSeconds(1));
        Engine.Stop();
        _ports.Drain();
        _listener.WaitCycles(4, TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        Engine?.Dispose();
        _player?.Dispose();
        _listener?.Dispose();
        _ports?.Dispose();
        Output.Dispose();
        _server.Dispose();
    }
}
