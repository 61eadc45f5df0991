using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// What the four-rows-at-a-time matvecs (<see cref="MatVecBf16.Run"/>, <see cref="MatVecInt8.Run"/>) share around
/// their dot products: the empty shapes, the row pointers of a quad that runs past the last row, and storing only
/// the real rows of it. Pure functions: any thread.
/// </summary>
internal static unsafe class RowQuads
{
    /// <summary>True when there is nothing to multiply (no rows, or no columns: then y[..rows] = 0 unless accumulating).</summary>
    public static bool Empty(Span<float> y, int rows, int cols, bool accumulate)
    {
        if (rows > 0 && cols == 0 && !accumulate)
        {
            y[..rows].Clear();
        }

        return rows == 0 || cols == 0;
    }

    /// <summary>
    /// The quad of rows r … r + 3 from row r at <paramref name="p0"/>: rows past the end (the last 1–3) repeat the
    /// last real row, so the kernel reads only what is there. Returns how many are real.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Rows<T>(T* p0, int ldw, int rows, int r, out T* p1, out T* p2, out T* p3)
        where T : unmanaged
    {
        var live = Math.Min(4, rows - r);
        p1 = live > 1 ? p0 + ldw : p0;
        p2 = live > 2 ? p1 + ldw : p1;
        p3 = live > 3 ? p2 + ldw : p2;
        return live;
    }

    /// <summary>The first <paramref name="live"/> of four floats at p, the rest zero (a quad's per-row scales).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(float* p, int live) => live == 4
        ? Vector128.Load(p)
        : Vector128.Create(p[0], live > 1 ? p[1] : 0f, live > 2 ? p[2] : 0f, 0f);

    /// <summary>y[i] (+)= s[i] for the quad's <paramref name="live"/> real rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* y, Vector128<float> s, int live, bool add)
    {
        if (live == 4)
        {
            (add ? s + Vector128.Load(y) : s).Store(y);
            return;
        }

        for (var i = 0; i < live; i++)
        {
            y[i] = add ? y[i] + s[i] : s[i];
        }
    }
}
