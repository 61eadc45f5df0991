using System.Numerics.Tensors;
using MusicGen.Live.Models.Cards;
using MusicGen.Live.Tensors.Weights;

namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// Several independently trained note StyleNets whose velocities are averaged, each with its weight (equal unless the
/// config gives weights: the whole-file member, the only one reading both ways, may count for more than a streaming
/// one). Averaging models that err differently lowers the error of every one of them, at the cost of running each:
/// worth it for files (<c>humanize</c>), where a note may take a hundred microseconds, not for the live engine's
/// per-note budget, which keeps one small <see cref="NoteStyleNet"/>. A member may be the whole-file
/// <see cref="OfflineNoteStyleNet"/> (its config says <c>bidirectional</c>): the ensemble then serves files only, as
/// every ensemble does. Ships as one card and one weights file holding every member under its prefix
/// (<see cref="NoteStyleNetEnsembleConfig.MemberPrefix"/>), so one checksum covers them all.
/// Threading: immutable; <see cref="Predict"/> may run on several threads at once.
/// </summary>
public sealed class NoteStyleNetEnsemble : INoteVelocityModel
{
    public const string Kind = "stylenet-note-ensemble";

    private readonly INoteStyleNetMember[] _members;
    private readonly float[]? _weights;

    // Each member's share of the average (weights over their sum), or null when all are equal.
    private readonly float[]? _shares;

    public NoteStyleNetEnsemble(IReadOnlyList<INoteStyleNetMember> members, float[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count is < 1 or > NoteStyleNetEnsembleConfig.MaxMembers)
        {
            throw new ArgumentOutOfRangeException(nameof(members), members.Count, $"an ensemble has 1 to {NoteStyleNetEnsembleConfig.MaxMembers} members");
        }

        NoteStyleNetEnsembleConfig.ValidateWeights(weights, members.Count);
        _members = [.. members];
        if (weights is not null)
        {
            _weights = [.. weights];
            var sum = weights.Sum();
            _shares = [.. weights.Select(w => w / sum)];
        }
    }

    public IReadOnlyList<INoteStyleNetMember> Members => _members;

    public bool ReadsInputDynamics => _members.Any(m => m.ReadsInputDynamics);

    public bool ReadsWholeFile => _members.Any(m => m.ReadsWholeFile);

    /// <summary>Every whole-file member bounded to the look-ahead (a member's bounded form is again a member).</summary>
    public INoteVelocityModel WithinLookahead() => ReadsWholeFile ? new NoteStyleNetEnsemble([.. _members.Select(m => (INoteStyleNetMember)m.WithinLookahead())], _weights) : this;

    public NoteStyleNetEnsembleConfig Config => new() { Members = [.. _members.Select(m => m.Config)], Weights = _weights is null ? null : [.. _weights] };

    public static NoteStyleNetEnsemble FromTensors(NamedTensors tensors, NoteStyleNetEnsembleConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return new([.. config.Members.Select((c, i) => INoteStyleNetMember.FromTensors(tensors, c, NoteStyleNetEnsembleConfig.MemberPrefix(i)))], config.Weights);
    }

    /// <summary>Loads a shipped ensemble through its card (checksum, sizes and shapes checked).</summary>
    public static NoteStyleNetEnsemble Load(string cardPath) =>
        ModelCard.LoadModel<NoteStyleNetEnsembleConfig, NoteStyleNetEnsemble>(cardPath, Kind, FromTensors);

    /// <summary>Every member's tensors under its prefix: the ensemble's weights file, read back by <see cref="FromTensors"/>.</summary>
    public NamedTensors ToTensors()
    {
        var all = new NamedTensors();
        for (var i = 0; i < _members.Length; i++)
        {
            _members[i].AddTo(all, NoteStyleNetEnsembleConfig.MemberPrefix(i));
        }

        return all;
    }

    public void Predict(ReadOnlySpan<StyleNetNote> notes, float lookaheadSeconds, StyleNetStyle style, Span<float> velocities)
    {
        if (velocities.Length < notes.Length)
        {
            throw new ArgumentException($"velocity buffer holds {velocities.Length}, needs {notes.Length}", nameof(velocities));
        }

        var output = velocities[..notes.Length];
        _members[0].Predict(notes, lookaheadSeconds, style, output);
        if (_members.Length == 1)
        {
            return;
        }

        if (_shares is not null)
        {
            TensorPrimitives.Multiply(output, _shares[0], output);
        }

        // A file's worth of floats per call, not per note: this path is for files, not for the real-time thread.
        var scratch = new float[notes.Length];
        for (var m = 1; m < _members.Length; m++)
        {
            _members[m].Predict(notes, lookaheadSeconds, style, scratch);
            if (_shares is null)
            {
                TensorPrimitives.Add(output, scratch, output);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(scratch, _shares[m], output, output);
            }
        }

        if (_shares is null)
        {
            TensorPrimitives.Divide(output, _members.Length, output);
        }
    }
}
