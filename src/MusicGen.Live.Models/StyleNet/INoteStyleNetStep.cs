namespace MusicGen.Live.Models.StyleNet;

/// <summary>
/// One runtime's per-note step of a streaming note StyleNet: features in, velocity out, state carried between
/// notes. <see cref="NoteStyleNetRunState"/> runs the project's own kernels; the ONNX Runtime step
/// (Models/Onnx) runs the exported graph; both give the same velocities (tested).
/// Threading: one thread at a time (the engine thread live); after construction no member allocates.
/// </summary>
public interface INoteStyleNetStep
{
    /// <summary>Which runtime runs the step, for reports ("native", "onnx cpu", ...).</summary>
    string Runtime { get; }

    /// <summary>Back to the start of a piece.</summary>
    void Reset();

    /// <summary>One note's features (<see cref="NoteFeatures.Size"/>) → its velocity in [1, 127], unrounded.</summary>
    /// <exception cref="ModelOutputException">The model gave NaN or infinity (through <see cref="VelocityOutput.ToVelocity"/>): a fault, not a velocity.</exception>
    float Step(ReadOnlySpan<float> features);

    /// <summary>Velocities for a whole note sequence ordered by onset, from a reset state, as a stream of the same look-ahead would give them.</summary>
    /// <exception cref="ModelOutputException">The model gave NaN or infinity for a note (broken weights).</exception>
    static void Predict(INoteStyleNetStep step, ReadOnlySpan<StyleNetNote> notes, Lookahead lookahead, StyleNetStyle style, Span<float> velocities)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (velocities.Length < notes.Length)
        {
            throw new ArgumentException($"velocity buffer holds {velocities.Length}, needs {notes.Length}", nameof(velocities));
        }

        step.Reset();
        Span<float> features = stackalloc float[NoteFeatures.Size];
        for (var i = 0; i < notes.Length; i++)
        {
            NoteFeatures.Write(notes, i, lookahead, style, features);
            velocities[i] = step.Step(features);
        }
    }
}
