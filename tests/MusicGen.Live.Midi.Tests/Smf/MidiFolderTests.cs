using MusicGen.Live.Midi.Smf;

namespace MusicGen.Live.Midi.Tests.Smf;

/// <summary>The MIDI files of a folder as humanize and the benches read them: real folders and links, on disk.</summary>
public sealed class MidiFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("midifolder-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Lists_midi_files_of_every_subfolder_in_path_order_and_reads_linked_files()
    {
        Touch("b.mid");
        Touch("a/Song.MIDI");
        Touch("a/notes.txt");
        Touch(".hidden.mid");
        Touch("elsewhere/linked-target.mid");
        File.CreateSymbolicLink(Path.Combine(_root, "a", "linked.mid"), Path.Combine(_root, "elsewhere", "linked-target.mid"));

        var files = MidiFolder.Files(_root).Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/')).ToArray();

        Assert.Equal(["a/Song.MIDI", "a/linked.mid", "b.mid", "elsewhere/linked-target.mid"], files);
    }

    [Fact]
    public void A_link_back_up_the_tree_is_not_entered()
    {
        Touch("piece.mid");
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "sub", "up"), _root);

        var files = MidiFolder.Files(_root);

        Assert.Equal([Path.Combine(_root, "piece.mid")], files);
    }

    [Fact]
    public void A_missing_folder_is_an_error_that_names_it()
    {
        var missing = Path.Combine(_root, "nope");

        var e = Assert.Throws<DirectoryNotFoundException>(() => MidiFolder.Files(missing));

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    private void Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0]);
    }
}
