using MusicGen.Live.Engine.Events;
using MusicGen.Live.Midi.Devices;
using MusicGen.Live.Midi.Rings;

namespace MusicGen.Live.Engine.Core;

/// <summary>
/// The input port's receiver: keeps channel messages and MIDI clock, stamps them and enqueues them for the engine thread.
/// </summary>
/// <remarks>
/// Threading: <see cref="Receive"/> runs on the port's real-time thread (JACK process thread, RtMidi thread):
/// no allocation, lock, block or throw; a full ring drops and counts. SysEx and other system messages are
/// ignored (counted in <see cref="Ignored"/>): the engine plays notes.
/// </remarks>
public sealed class EngineInputReceiver(SpscRing<EngineEvent> ring) : IMidiReceiver
{
    private long _ignored;

    public long Ignored => Interlocked.Read(ref _ignored);

    public void Receive(ReadOnlySpan<byte> message, long timestamp)
    {
        if (message.IsEmpty)
        {
            return;
        }

        var status = message[0];
        if (status is >= 0x80 and < 0xF0 && message.Length >= 2)
        {
            var data2 = message.Length >= 3 ? message[2] : (byte)0;
            ring.TryWrite(new EngineEvent(timestamp, timestamp, EventKind.Input, status, message[1], data2));
        }
        else if (status == 0xF8)
        {
            ring.TryWrite(new EngineEvent(timestamp, timestamp, EventKind.Input, status, 0, 0));
        }
        else
        {
            _ignored++;
        }
    }
}
