using System.Text.Json.Serialization;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>Shape of a <see cref="NoteStyleNetEnsemble"/>: one config per member, member <c>i</c>'s tensors under <c>m{i}.</c>.</summary>
public sealed record NoteStyleNetEnsembleConfig
{
    public const int MaxMembers = 16;

    [JsonPropertyName("members")]
    public NoteStyleNetConfig[] Members { get; init; } = [];

    public void Validate()
    {
        if (Members.Length is < 1 or > MaxMembers)
        {
            throw new ArgumentOutOfRangeException(nameof(Members), Members.Length, $"an ensemble has 1 to {MaxMembers} members");
        }

        foreach (var m in Members)
        {
            m.Validate();
        }
    }

    public static string MemberPrefix(int index) => $"m{index}.";
}
