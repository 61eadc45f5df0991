namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// output[t] = table[ids[t]] for a [vocab, dim] table. An id outside [0, vocab) throws, naming its position.
/// Any thread; no allocation.
/// </summary>
public static class EmbeddingGather
{
    public static void Run(ReadOnlySpan<float> table, int dim, ReadOnlySpan<int> ids, Span<float> output)
    {
        var vocab = Check(table.Length, dim, ids.Length, output.Length);
        for (var t = 0; t < ids.Length; t++)
        {
            var id = ids[t];
            if ((uint)id >= (uint)vocab)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"token id {id} at position {t} is outside the vocabulary [0, {vocab})");
            }

            table.Slice(id * dim, dim).CopyTo(output.Slice(t * dim, dim));
        }
    }

    public static void Reference(ReadOnlySpan<float> table, int dim, ReadOnlySpan<int> ids, Span<float> output)
    {
        var vocab = Check(table.Length, dim, ids.Length, output.Length);
        for (var t = 0; t < ids.Length; t++)
        {
            if (ids[t] < 0 || ids[t] >= vocab)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"token id {ids[t]} at position {t} is outside the vocabulary [0, {vocab})");
            }

            for (var j = 0; j < dim; j++)
            {
                output[(t * dim) + j] = table[(ids[t] * dim) + j];
            }
        }
    }

    private static int Check(int tableLen, int dim, int count, int outLen)
    {
        if (dim <= 0 || tableLen % dim != 0 || (long)count * dim > outLen)
        {
            throw new ArgumentException($"embedding gather: table ({tableLen}) is not [vocab, {dim}] or output ({outLen}) is shorter than {count}×{dim}");
        }

        return tableLen / dim;
    }
}
