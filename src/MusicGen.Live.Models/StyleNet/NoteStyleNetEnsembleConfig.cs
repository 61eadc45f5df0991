using System.Text.Json.Serialization;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// Shape of a <see cref="NoteStyleNetEnsemble"/>: one config per member, member <c>i</c>'s tensors under <c>m{i}.</c>,
/// and optionally a weight per member (absent: all equal). Weights are relative; the ensemble divides by their sum.
/// </summary>
public sealed record NoteStyleNetEnsembleConfig
{
    public const int MaxMembers = 16;

    [JsonPropertyName("members")]
    public NoteStyleNetConfig[] Members { get; init; } = [];

    /// <summary>Relative weight of each member in the average, or null for equal weights (every card before weights had none).</summary>
    [JsonPropertyName("weights")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float[]? Weights { get; init; }

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

        ValidateWeights(Weights, Members.Length);
    }

    /// <summary>Null, or one finite positive weight per member.</summary>
    public static void ValidateWeights(float[]? weights, int members)
    {
        if (weights is null)
        {
            return;
        }

        if (weights.Length != members)
        {
            throw new ArgumentException($"weights: {weights.Length} given for {members} members", nameof(weights));
        }

        for (var i = 0; i < weights.Length; i++)
        {
            if (!float.IsFinite(weights[i]) || weights[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(weights), weights[i], $"weights[{i}]: a member's weight is a finite number above 0");
            }
        }
    }

    public static string MemberPrefix(int index) => $"m{index}.";
}
