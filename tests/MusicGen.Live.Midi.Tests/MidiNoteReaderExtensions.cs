namespace MusicGen.Live.Midi.Tests;

internal static class MidiNoteReaderExtensions
{
    public static List<Note> ReadToList(this MidiNoteReader reader, byte[] bytes)
    {
        var list = new List<Note>();
        reader.Read(bytes, list);
        return list;
    }
}
