using MusicGen.Live.Midi.Encodings;
using MusicGen.Live.Midi.Tests.DataSet;

namespace MusicGen.Live.Midi.Tests.Encodings;

public sealed class PianoRollTests
{
    private static readonly MidiDivision s_ppq480 = MidiDivision.FromTicksPerQuarterNote(480);

    private static Note N(int pitch, long on, long off, int velocity = 64) => new(0, 0, (byte)pitch, (byte)velocity, on, off, 0, 0);

    private static float[] Frame(float[] roll, int step, int pitch) =>
        [roll[step * PianoRoll.FeaturesPerStep + (pitch - 21) * 2], roll[step * PianoRoll.FeaturesPerStep + (pitch - 21) * 2 + 1]];

    [Fact]
    public void Onset_is_1_1_sustain_is_0_1_silence_is_0_0()
    {
        // 1/16 = 120 ticks at 480 PPQ: a note over ticks 0..360 covers steps 0, 1, 2.
        var roll = PianoRoll.Encode([N(60, 0, 360), N(21, 480, 600)], s_ppq480, out var steps, out _);
        Assert.Equal(5, steps);
        Assert.Equal(steps * 176, roll.Length);
        Assert.Equal([1f, 1f], Frame(roll, 0, 60));
        Assert.Equal([0f, 1f], Frame(roll, 1, 60));
        Assert.Equal([0f, 1f], Frame(roll, 2, 60));
        Assert.Equal([0f, 0f], Frame(roll, 3, 60));
        Assert.Equal([1f, 1f], Frame(roll, 4, 21));
        Assert.Equal(6, roll.Sum()); // nothing else is set
    }

    [Fact]
    public void Restrike_of_a_sounding_key_is_a_new_onset_and_decodes_to_two_notes()
    {
        var roll = PianoRoll.Encode([N(60, 0, 240), N(60, 240, 480)], s_ppq480, out _, out _);
        Assert.Equal([1f, 1f], Frame(roll, 2, 60));
        var notes = PianoRoll.Decode(roll, new TempoMap(s_ppq480, []));
        Assert.Equal([(0L, 240L), (240L, 480L)], notes.Select(n => (n.OnTick, n.OffTick)));
    }

    [Fact]
    public void Short_notes_last_one_step_and_keys_outside_the_piano_are_counted()
    {
        var roll = PianoRoll.Encode([N(60, 10, 20), N(20, 0, 120), N(109, 0, 120)], s_ppq480, out var steps, out var skipped);
        Assert.Equal(1, steps);
        Assert.Equal(2, skipped);
        Assert.Equal([1f, 1f], Frame(roll, 0, 60));
    }

    [Fact]
    public void Decoding_then_encoding_a_valid_roll_gives_it_back()
    {
        var rng = new Random(11);
        const int steps = 64;
        var roll = new float[steps * 176];
        for (var k = 0; k < 88; k++)
        {
            var sounding = false;
            for (var s = 0; s < steps; s++)
            {
                var r = rng.Next(10);
                if (r == 0 || (!sounding && r == 1))
                {
                    roll[s * 176 + k * 2] = 1; // onset
                    sounding = true;
                }
                else if (sounding && r < 4)
                {
                    sounding = false;
                }

                roll[s * 176 + k * 2 + 1] = sounding ? 1 : 0;
            }
        }

        var map = new TempoMap(s_ppq480, [new TempoChange(960, 300_000)]);
        var notes = PianoRoll.Decode(roll, map);
        var again = PianoRoll.Encode(notes, s_ppq480, out var encodedSteps, out _);
        Assert.Equal(roll.AsSpan(0, encodedSteps * 176).ToArray(), again);
        Assert.All(roll.AsSpan(encodedSteps * 176).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(notes, n => Assert.Equal(map.ToSeconds(n.OnTick), n.OnsetSeconds));
    }

    [Fact]
    public void Notes_of_a_real_file_survive_the_roll_at_grid_resolution()
    {
        var file = MidiFile.Read(MidiDataSet.FullPath(MidiDataSet.Files.First(f => f.StartsWith("pianomidide/", StringComparison.Ordinal))));
        var notes = file.GetNotes();
        var stepTicks = PianoRoll.StepTicks(file.Division);
        var roll = PianoRoll.Encode(notes, file.Division, out _, out _);
        var decoded = PianoRoll.Decode(roll, file.GetTempoMap());
        var expectedOnsets = notes.Select(n => ((int)n.Pitch, (long)Math.Round(Math.Round(n.OnTick / stepTicks, MidpointRounding.AwayFromZero) * stepTicks))).ToHashSet();
        Assert.Equal(expectedOnsets, decoded.Select(n => ((int)n.Pitch, n.OnTick)).ToHashSet());
    }

    [Fact]
    public void Velocity_roll_sets_decoded_velocities_and_smpte_is_refused()
    {
        float[] roll = new float[176];
        roll[39 * 2] = roll[39 * 2 + 1] = 1;
        var velocities = new float[88];
        velocities[39] = 99.6f;
        var note = Assert.Single(PianoRoll.Decode(roll, new TempoMap(s_ppq480, []), velocities));
        Assert.Equal((60, 100), (note.Pitch, note.Velocity));
        Assert.Throws<ArgumentException>(() => PianoRoll.StepTicks(MidiDivision.FromSmpte(25, 40)));
    }

    [Fact]
    public void Note_sequence_keeps_real_timing_and_inverts()
    {
        var file = MidiFile.Read(MidiDataSet.FullPath(MidiDataSet.Files.First(f => f.StartsWith("nasap/", StringComparison.Ordinal))));
        var notes = file.GetNotes();
        var sequence = NoteSequence.FromNotes(notes);
        Assert.Equal(notes.Count, sequence.Length);
        Assert.Equal(sequence.Select(s => s.Onset).Order(), sequence.Select(s => s.Onset));
        var sum = 0.0;
        foreach (var s in sequence)
        {
            sum += s.SincePrevious;
            Assert.Equal(s.Onset, sum, 9);
        }

        var back = NoteSequence.ToNotes(sequence, file.GetTempoMap());
        var expected = notes.Select(n => (n.Pitch, n.Velocity, n.OnTick)).Order().ToList();
        Assert.Equal(expected, back.Select(n => (n.Pitch, n.Velocity, n.OnTick)).Order().ToList());
    }

    [Fact]
    public void Velocity_targets_sit_at_onset_steps_and_decode_back()
    {
        Note[] notes = [N(60, 0, 360, 90), N(64, 240, 480, 30)];
        var roll = PianoRoll.Encode(notes, s_ppq480, out var steps, out _);
        var velocities = PianoRoll.EncodeVelocities(notes, s_ppq480, steps);
        Assert.Equal(steps * 88, velocities.Length);
        Assert.Equal(120f, velocities.Sum());
        Assert.Equal(90f, velocities[39]);
        Assert.Equal(30f, velocities[2 * 88 + 43]);
        var decoded = PianoRoll.Decode(roll, new TempoMap(s_ppq480, []), velocities);
        Assert.Equal(notes.Select(n => (n.Pitch, n.Velocity, n.OnTick, n.OffTick)), decoded.Select(n => (n.Pitch, n.Velocity, n.OnTick, n.OffTick)));
    }
}
