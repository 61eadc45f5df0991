using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MusicGen.Live.TestSupport;
using MusicGen.Live.TestSupport.Data;

namespace MusicGen.Live.Midi.Tests.DataSet;

/// <summary>
/// Compares our notes with notes parsed by python3-mido (tools/mido_notes.py pairs them by the same documented
/// rule) on every file of the data set: pitch, velocity, channel, track exactly; onset and offset within 1 ms.
/// The Python dump covers all files in one process and is cached in the temp folder, keyed by the script and
/// the data files' names and sizes, so only the first run pays for mido.
/// </summary>
public sealed class MidoConformanceTests
{
    private const double Tolerance = 0.001;

    [Fact]
    public void Notes_match_mido_on_every_file()
    {
        var dump = MidoDump();
        using var input = new BinaryReader(File.OpenRead(dump));
        Assert.Equal("MIDONOTES1"u8.ToArray(), input.ReadBytes(10));
        var count = input.ReadUInt32();
        Assert.Equal(MidiDataSet.Files.Count, (int)count);
        var reader = new MidiNoteReader();
        var ours = new List<Note>();
        var differences = new List<string>();
        long compared = 0;
        for (var f = 0; f < count; f++)
        {
            var rel = Encoding.UTF8.GetString(input.ReadBytes(input.ReadUInt16()));
            Assert.Equal(MidiDataSet.Files[f], rel);
            if (input.ReadByte() == 0)
            {
                differences.Add($"{rel}: mido cannot read it: {Encoding.UTF8.GetString(input.ReadBytes(input.ReadUInt16()))}");
                continue;
            }

            var n = input.ReadUInt32();
            ours.Clear();
            reader.ReadFile(MidiDataSet.FullPath(rel), ours);
            if (ours.Count != n)
            {
                differences.Add($"{rel}: {ours.Count} notes, mido {n}");
                input.ReadBytes((int)n * 21);
                continue;
            }

            for (var i = 0; i < n; i++)
            {
                var track = input.ReadInt16();
                var channel = input.ReadByte();
                var pitch = input.ReadByte();
                var velocity = input.ReadByte();
                var onset = input.ReadDouble();
                var offset = input.ReadDouble();
                var o = ours[i];
                if (o.Track != track || o.Channel != channel || o.Pitch != pitch || o.Velocity != velocity
                    || Math.Abs(o.OnsetSeconds - onset) > Tolerance || Math.Abs(o.OffsetSeconds - offset) > Tolerance)
                {
                    differences.Add($"{rel} note {i}: ours {o}, mido track {track} ch {channel} pitch {pitch} vel {velocity} {onset:F6}-{offset:F6}");
                }
            }

            compared += n;
        }

        Assert.True(differences.Count == 0, $"{differences.Count} differences:\n{string.Join("\n", differences.Take(30))}");
        Assert.True(compared > 0);
    }

    private static string MidoDump()
    {
        var script = RepoPaths.InRepo("tools", "mido_notes.py");
        var key = new StringBuilder(File.ReadAllText(script));
        foreach (var rel in MidiDataSet.Files)
        {
            key.Append(rel).Append(':').Append(new FileInfo(MidiDataSet.FullPath(rel)).Length).Append('\n');
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())))[..16];
        var dump = Path.Combine(Path.GetTempPath(), $"musicgen-mido-notes-{hash}.bin");
        if (File.Exists(dump))
        {
            return dump;
        }

        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var info = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { script, RepoPaths.Data, dump, "--jobs", Environment.ProcessorCount.ToString() })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(10)), "mido_notes.py took over 10 minutes");
        Assert.True(process.ExitCode == 0, $"{python} tools/mido_notes.py failed (is python3-mido installed?): {stderr.Result}");
        return dump;
    }
}
