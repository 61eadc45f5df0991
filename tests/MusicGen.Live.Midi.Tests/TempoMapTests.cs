using System.Numerics;

namespace MusicGen.Live.Midi.Tests;

public sealed class TempoMapTests
{
    [Fact]
    public void Default_tempo_is_120_bpm()
    {
        var map = new TempoMap(MidiDivision.FromTicksPerQuarterNote(480), []);
        Assert.Equal(0.5, map.ToSeconds(480));
        Assert.Equal(960, map.ToTicks(1.0));
    }

    [Fact]
    public void Seconds_match_exact_rational_time_over_thousands_of_tempo_changes()
    {
        var rng = new Random(7);
        const int ppq = 384;
        var changes = new List<TempoChange>();
        long tick = 0;
        for (var i = 0; i < 5000; i++)
        {
            tick += rng.Next(1, 2000);
            changes.Add(new TempoChange(tick, rng.Next(200_000, 1_500_000)));
        }

        var map = new TempoMap(MidiDivision.FromTicksPerQuarterNote(ppq), changes);
        var hint = 0;
        for (var probe = 0L; probe < tick + 5000; probe += 997)
        {
            // Exact time as a rational number: sum of ticks × µs per quarter over ppq × 10^6.
            BigInteger numerator = 0;
            long at = 0, tempo = TempoMap.DefaultMicrosecondsPerQuarterNote;
            foreach (var c in changes.TakeWhile(c => c.Tick <= probe))
            {
                numerator += (BigInteger)(c.Tick - at) * tempo;
                (at, tempo) = (c.Tick, c.MicrosecondsPerQuarterNote);
            }

            numerator += (BigInteger)(probe - at) * tempo;
            var exact = (double)numerator / (ppq * 1e6);
            var seconds = map.ToSeconds(probe, ref hint);
            Assert.True(Math.Abs(seconds - exact) < 1e-9, $"tick {probe}: {seconds} vs exact {exact}");
            Assert.Equal(probe, map.ToTicks(seconds), 4);
        }
    }

    [Fact]
    public void Later_change_at_the_same_tick_wins()
    {
        var map = new TempoMap(MidiDivision.FromTicksPerQuarterNote(100), [new TempoChange(0, 1_000_000), new TempoChange(0, 2_000_000)]);
        Assert.Equal(2.0, map.ToSeconds(100));
        Assert.Single(map.Changes);
    }

    [Fact]
    public void Huge_ticks_do_not_overflow()
    {
        var map = new TempoMap(MidiDivision.FromTicksPerQuarterNote(1), [new TempoChange(1L << 40, 0xFFFFFF)]);
        var expected = ((double)(1L << 40) * 500_000 + (double)(1L << 40) * 0xFFFFFF) / 1e6;
        Assert.Equal(expected, map.ToSeconds(1L << 41), expected * 1e-14);
    }
}
