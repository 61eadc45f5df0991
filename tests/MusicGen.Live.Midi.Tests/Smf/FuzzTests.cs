using MusicGen.Live.TestSupport.Data;

namespace MusicGen.Live.Midi.Tests.Smf;

/// <summary>
/// Thousands of mutated copies of real files and random byte streams: every reader either succeeds or throws
/// <see cref="MidiFormatException"/>, nothing else; the fast and event readers agree; whatever the lenient policy
/// makes of the input writes out as a file the strict policy accepts. Fixed seeds and counts (bounded time).
/// </summary>
public sealed class FuzzTests
{
    private static readonly Lazy<byte[][]> s_seeds = new(() => MidiDataSet.Files
        .Select(MidiDataSet.FullPath)
        .OrderBy(p => new FileInfo(p).Length)
        .Where((_, i) => i % 7 == 0)
        .Take(40)
        .Select(File.ReadAllBytes)
        .ToArray());

    [Fact]
    public void Mutated_real_files_give_a_typed_error_or_a_result()
    {
        var rng = new Random(2024);
        var seeds = s_seeds.Value;
        var errors = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = Mutate(seeds[rng.Next(seeds.Length)], rng);
            errors += Check(bytes) ? 0 : 1;
        }

        // The mutations must reach both outcomes, or the test is not exercising the error paths.
        Assert.InRange(errors, 100, 2900);
    }

    [Fact]
    public void Random_byte_streams_give_a_typed_error_or_a_result()
    {
        var rng = new Random(99);
        for (var i = 0; i < 3000; i++)
        {
            var body = new byte[rng.Next(0, 300)];
            rng.NextBytes(body);
            byte[] bytes = (i % 3) switch
            {
                0 => body,
                1 => [.. SmfBytes.Header(rng.Next(3), rng.Next(1, 3), rng.Next(1, 1000)), .. body],
                _ => [.. SmfBytes.Header(1, 1), .. "MTrk"u8, 0, 0, (byte)(body.Length >> 8), (byte)body.Length, .. body],
            };
            Check(bytes);
        }
    }

    // True when the strict reader accepted the input.
    private static bool Check(byte[] bytes)
    {
        var strict = Outcome(() => MidiFile.Read(bytes).GetNotes(), out var strictNotes);
        var fastStrict = Outcome(() => new MidiNoteReader().ReadToList(bytes), out var fastNotes);
        Assert.Equal(strict, fastStrict);
        if (strict is null)
        {
            Assert.Equal(strictNotes, fastNotes);
        }

        MidiFile? lenient = null;
        var lenientError = Outcome(() => (lenient = MidiFile.Read(bytes, ReadingSettings.Lenient)).GetNotes(), out var lenientNotes);
        var fastLenient = Outcome(() => new MidiNoteReader(reading: ReadingSettings.Lenient).ReadToList(bytes), out var fastLenientNotes);
        Assert.Equal(lenientError, fastLenient);
        if (lenient is not null)
        {
            Assert.Equal(lenientNotes, fastLenientNotes);
            if (lenient.Format != 0 || lenient.Tracks.Count == 1)
            {
                var rewritten = MidiFile.Read(lenient.ToBytes());
                Assert.Equal(lenientNotes!.Count, rewritten.GetNotes().Count);
            }
        }

        return strict is null;
    }

    // Null on success; the error kind and offset on a MidiFormatException; anything else fails the test.
    private static (MidiErrorKind, long)? Outcome(Func<List<Note>> read, out List<Note>? notes)
    {
        notes = null;
        try
        {
            notes = read();
            return null;
        }
        catch (MidiFormatException ex)
        {
            return (ex.Kind, ex.Offset);
        }
    }

    private static byte[] Mutate(byte[] seed, Random rng)
    {
        var bytes = new List<byte>(seed);
        for (var m = rng.Next(1, 4); m > 0 && bytes.Count > 0; m--)
        {
            var at = rng.Next(bytes.Count);
            switch (rng.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)rng.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at); // truncate
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Range(0, rng.Next(1, 16)).Select(_ => (byte)rng.Next(256)));
                    break;
                case 4:
                    for (var k = 0; k < 4 && at + k < bytes.Count; k++)
                    {
                        bytes[at + k] = 0xFF; // forged length
                    }

                    break;
                default:
                    var length = Math.Min(rng.Next(1, 64), bytes.Count - at);
                    bytes.InsertRange(rng.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
            }
        }

        return [.. bytes];
    }
}
