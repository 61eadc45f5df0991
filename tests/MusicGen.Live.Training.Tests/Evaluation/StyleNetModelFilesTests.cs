using MusicGen.Live.Models.StyleNet;
using MusicGen.Live.TestSupport;
using MusicGen.Live.Training.Evaluation;
using MusicGen.Live.Training.StyleNet;

namespace MusicGen.Live.Training.Tests.Evaluation;

public sealed class StyleNetModelFilesTests
{
    [Fact]
    public void A_path_listed_twice_in_note_is_one_member_of_weight_two()
    {
        var cfg = StyleNetTrainingConfig.Load(RepoPaths.InRepo("configs", "training", "stylenet.json"));
        var engine = RepoPaths.InRepo("models", "stylenet-note.json");
        var offline = RepoPaths.InRepo("models", "stylenet-note-offline.json");

        var model = Assert.IsType<NoteStyleNetEnsemble>(StyleNetModelFiles.LoadNoteModel([engine, offline, offline], cfg));

        Assert.Equal(2, model.Members.Count);
        Assert.Equal([1f, 2f], model.Config.Weights!);
        Assert.Null(Assert.IsType<NoteStyleNetEnsemble>(StyleNetModelFiles.LoadNoteModel([engine, offline], cfg)).Config.Weights);
    }

    [Fact]
    public void An_ensemble_card_loads_as_the_ensemble_and_a_single_card_as_its_kind()
    {
        var cfg = StyleNetTrainingConfig.Load(RepoPaths.InRepo("configs", "training", "stylenet.json"));
        Assert.IsType<NoteStyleNetEnsemble>(StyleNetModelFiles.LoadNoteModel([RepoPaths.InRepo("models", "stylenet-note-ensemble.json")], cfg));
        Assert.IsType<OfflineNoteStyleNet>(StyleNetModelFiles.LoadNoteModel([RepoPaths.InRepo("models", "stylenet-note-offline.json")], cfg));
        Assert.IsType<NoteStyleNet>(StyleNetModelFiles.LoadNoteModel([RepoPaths.InRepo("models", "stylenet-note.json")], cfg));
    }
}
