namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// The input vector of the note-level StyleNet for one note, computed from that note, a bounded window of
/// earlier notes, and the later notes that fall strictly inside the look-ahead (<c>onset &lt; onset_i + L</c>, at most
/// <see cref="Slots"/> of them). Everything a note's vector uses is known by the time its look-ahead has
/// passed, so the batch path (files, training) and the streaming path compute the same vector with this one
/// function. With L = 0 the vector is strictly causal: the note's own duration is unknown, and chord
/// membership counts only earlier notes of the chord.
/// Layout (<see cref="Size"/> floats): [0] log inter-onset interval, [1] pitch, [2..4] earlier chord notes
/// (count, pitch above the chord's top, above its bottom), [5] pedal, [6..9] beat known, sin/cos of the
/// quarter-note phase, downbeat, [10..11] duration known (note ended before onset + L) and its log, [12] notes in the past second,
/// [13] L, [14..15] style one-hot, [16..18] look-ahead window: notes in it, highest and lowest pitch relative to this note, then per look-ahead slot: present, time ahead, pitch difference;
/// then the input-dynamics tail (from <see cref="LegacySize"/>): input velocity known, the input velocity, and its contrast with
/// the known input velocities of the earlier notes in the history (an accent, a crescendo's step).
/// The tail comes last so a model trained before it existed (input <see cref="LegacySize"/>) reads the same leading vector.
/// Any thread; no allocation.
/// </summary>
public static class NoteFeatures
{
    /// <summary>Later notes the look-ahead window shows the model.</summary>
    public const int Slots = 8;

    public const int BaseSize = 19;

    public const int SlotSize = 3;

    /// <summary>The vector before the input-dynamics tail: what the first shipped note model (input 43) reads.</summary>
    public const int LegacySize = BaseSize + (Slots * SlotSize);

    public const int DynamicsSize = 3;

    public const int Size = LegacySize + DynamicsSize;

    /// <summary>Notes whose onsets lie within this many seconds count as one chord.</summary>
    public const double ChordSeconds = 0.030;

    /// <summary>Furthest back the vector looks (notes), which bounds the streaming history.</summary>
    public const int MaxHistory = 32;

    /// <summary>Most later notes the window summary counts (bounds the work per note).</summary>
    public const int MaxWindowNotes = 64;

    /// <summary>Longest look-ahead the model was trained for; longer requests are clamped to it.</summary>
    public const float MaxLookaheadSeconds = 2f;

    /// <summary>
    /// Writes the vector of note <paramref name="index"/> of <paramref name="notes"/> (ordered by onset) into
    /// <paramref name="destination"/>. Notes after <paramref name="index"/> beyond the look-ahead are ignored,
    /// so the caller may pass more of the future than the window shows.
    /// </summary>
    public static void Write(ReadOnlySpan<StyleNetNote> notes, int index, float lookaheadSeconds, StyleNetStyle style, Span<float> destination) =>
        Write(notes, index, Lookahead.FromSeconds(lookaheadSeconds), style, destination);

    /// <summary>
    /// As <see cref="Write(ReadOnlySpan{StyleNetNote}, int, float, StyleNetStyle, Span{float})"/>: a later note is in the window,
    /// and the note's own duration known, exactly when <see cref="Lookahead.Contains"/> says so (what the live stream waits for).
    /// </summary>
    public static void Write(ReadOnlySpan<StyleNetNote> notes, int index, Lookahead lookahead, StyleNetStyle style, Span<float> destination)
    {
        if ((uint)index >= (uint)notes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"note index outside the {notes.Length} notes given");
        }

        if (destination.Length < Size)
        {
            throw new ArgumentException($"feature destination holds {destination.Length} floats, needs {Size}", nameof(destination));
        }

        var la = lookahead.Seconds;
        var d = destination[..Size];
        d.Clear();
        var n = notes[index];
        var ioi = index == 0 ? 1.0 : Math.Max(0, n.OnsetSeconds - notes[index - 1].OnsetSeconds);
        d[0] = (float)((Math.Log(ioi + 0.005) + 2) / 2);
        d[1] = (n.Pitch - 64) / 24f;

        var chord = 0;
        var top = int.MinValue;
        var bottom = int.MaxValue;
        var recent = 0;
        var lowest = Math.Max(0, index - MaxHistory);
        for (var j = index - 1; j >= lowest; j--)
        {
            var back = n.OnsetSeconds - notes[j].OnsetSeconds;
            if (back > 1.0)
            {
                break;
            }

            recent++;
            if (back <= ChordSeconds)
            {
                chord++;
                top = Math.Max(top, notes[j].Pitch);
                bottom = Math.Min(bottom, notes[j].Pitch);
            }
        }

        if (chord > 0)
        {
            d[2] = Math.Min(chord, 6) / 3f;
            d[3] = Math.Clamp((n.Pitch - top) / 12f, -4f, 4f);
            d[4] = Math.Clamp((n.Pitch - bottom) / 12f, -4f, 4f);
        }

        d[5] = n.Pedal ? 1 : 0;
        if (n.HasBeat)
        {
            var phase = 2 * MathF.PI * n.BeatPhase;
            d[6] = 1;
            d[7] = MathF.Sin(phase);
            d[8] = MathF.Cos(phase);
            d[9] = n.Downbeat ? 1 : 0;
        }

        if (lookahead.Contains(0, n.DurationSeconds)) // the note-off came within the look-ahead (a duration is off − onset)
        {
            d[10] = 1;
            d[11] = (float)((Math.Log(Math.Max(0, n.DurationSeconds) + 0.01) + 1.5) / 2);
        }

        d[12] = recent / 10f;
        d[13] = la;
        d[14 + (int)style] = 1;

        var slot = 0;
        var inWindow = 0;
        var high = (int)n.Pitch;
        var low = (int)n.Pitch;
        for (var j = index + 1; j < notes.Length && inWindow < MaxWindowNotes; j++)
        {
            if (!lookahead.Contains(n.OnsetSeconds, notes[j].OnsetSeconds))
            {
                break;
            }

            var ahead = notes[j].OnsetSeconds - n.OnsetSeconds;

            inWindow++;
            high = Math.Max(high, notes[j].Pitch);
            low = Math.Min(low, notes[j].Pitch);
            if (slot < Slots)
            {
                var s = d.Slice(BaseSize + (slot * SlotSize), SlotSize);
                s[0] = 1;
                s[1] = (float)(ahead * 2);
                s[2] = (notes[j].Pitch - n.Pitch) / 12f;
                slot++;
            }
        }

        // Summary of the whole look-ahead window beyond the slots: how busy it is and where this note sits in its range.
        d[16] = inWindow / 10f;
        d[17] = (high - n.Pitch) / 12f;
        d[18] = (n.Pitch - low) / 12f;

        if (n.HasInputVelocity)
        {
            // Causal contrast (earlier notes only), so the live stream and the file path agree at any look-ahead.
            var sum = 0;
            var known = 0;
            for (var j = index - 1; j >= lowest; j--)
            {
                if (notes[j].HasInputVelocity)
                {
                    sum += notes[j].InputVelocity;
                    known++;
                }
            }

            d[LegacySize] = 1;
            d[LegacySize + 1] = (n.InputVelocity - 64) / 32f;
            d[LegacySize + 2] = known == 0 ? 0 : Math.Clamp((n.InputVelocity - ((float)sum / known)) / 16f, -4f, 4f);
        }
    }
}
