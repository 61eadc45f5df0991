using MusicGen.Live.Engine.Events;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Parsing;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Core;

/// <summary>
/// The input port's receiver: every byte the port delivers goes through a <see cref="MidiStreamParser"/>
/// (running status, real-time bytes inside messages, SysEx, resynchronisation after garbage), and only the
/// well-formed channel messages and MIDI clock it yields are stamped and enqueued for the engine thread.
/// </summary>
/// <remarks>
/// Threading: <see cref="Receive"/> runs on the port's real-time thread (JACK process thread, RtMidi thread),
/// one call at a time: no allocation, lock, block or throw; a full ring drops and counts. The parser keeps its
/// state between calls, so a message split across deliveries (or sent with running status) is still read.
/// Bytes the parser throws away are counted in <see cref="Rejected"/>; well-formed messages the engine has no
/// use for (SysEx, system common, real-time other than clock) in <see cref="Ignored"/>. Both may be read
/// from any thread (a moment's value).
/// </remarks>
public sealed class EngineInputReceiver(SpscRing<EngineEvent> ring) : IMidiReceiver
{
    private readonly MidiStreamParser _parser = new(sysExBufferSize: 256); // the engine ignores SysEx: chunks only mark where it ends
    private long _ignored;

    /// <summary>Well-formed messages the engine does not use (a SysEx counts once, however long).</summary>
    public long Ignored => Volatile.Read(ref _ignored);

    /// <summary>Bytes rejected as malformed: stray data bytes, unfinished messages, undefined status bytes.</summary>
    public long Rejected => _parser.DroppedBytes;

    public void Receive(ReadOnlySpan<byte> message, long timestamp)
    {
        foreach (var b in message)
        {
            if (!_parser.Push(b, out var m))
            {
                continue;
            }

            if (m.Kind == MidiMessageKind.Channel || (m.Kind == MidiMessageKind.RealTime && m.Status == 0xF8))
            {
                ring.TryWrite(new EngineEvent(timestamp, timestamp, EventKind.Input, m.Status, m.Data1, m.Data2));
            }
            else if (m.Kind != MidiMessageKind.SysExChunk || (m.Part & SysExPart.Last) != 0)
            {
                Volatile.Write(ref _ignored, _ignored + 1);
            }
        }
    }
}
