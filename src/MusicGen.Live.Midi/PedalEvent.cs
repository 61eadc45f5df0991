namespace MusicGen.Live.Midi;

/// <summary>One sustain-pedal (CC64) event seen while reading notes; <see cref="Order"/> keeps file order at one tick.</summary>
internal readonly record struct PedalEvent(long Tick, int Track, int Channel, int Value, int Order);
