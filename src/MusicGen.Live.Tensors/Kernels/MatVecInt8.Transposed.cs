using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// <see cref="MatVecInt8.RunTransposed"/>: y = Wᵀ·x over int8 W with no scales, an axpy along each row (the int8
/// KV cache: keys stored transposed, one row per head dimension; values one row per position). Every column is
/// summed in its own vector lane, so there is no horizontal reduction at any width. W's columns are stored in
/// phase order (<see cref="StoredColumn"/>) so that, as in <see cref="Run"/>, four int8 read as one 32-bit lane
/// become floats by an integer shift or mask and one conversion each: no sign-extending shuffle, which has one
/// port where shifts have several, and the sums still come out in column order. Any thread; no allocation.
/// </summary>
public static unsafe partial class MatVecInt8
{
    /// <summary>Columns per phase-ordered group: eight 32-bit lanes of four int8.</summary>
    public const int PhaseGroup = 32;

    /// <summary>
    /// Where column c of a row <paramref name="width"/> wide is stored for <see cref="RunTransposed"/>: in each whole
    /// group of <see cref="PhaseGroup"/> columns, column 8j + i sits at byte 4i + j of the group, so byte j of the
    /// 32-bit lanes holds columns 8j … 8j + 7 in order; the columns after the last whole group keep their place.
    /// </summary>
    public static int StoredColumn(int c, int width)
    {
        if (c >= width - (width % PhaseGroup))
        {
            return c;
        }

        var r = c % PhaseGroup;
        return c - r + (4 * (r % 8)) + (r / 8);
    }

    /// <summary>
    /// y[cols] (+)= Wᵀ · x = Σ_r x[r]·q[r, :], row r of q at w[r*ldw], each row's columns stored as
    /// <see cref="StoredColumn"/>(c, ldw) says. No scales: a caller with one scale per row multiplies it into x
    /// first, one per column multiplies y after.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunTransposed(ReadOnlySpan<sbyte> w, int ldw, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        Validate(w.Length, rows, ldw, y.Length, x.Length, rows, cols);
        fixed (sbyte* pw = w)
        fixed (float* px = x)
        fixed (float* py = y)
        {
            var bits = SimdWidth.Bits;

            // Whole groups only, and only those inside the stored row's phase-ordered part.
            var grouped = Math.Min(cols, ldw - (ldw % PhaseGroup));
            grouped -= grouped % PhaseGroup;
            var j = 0;
            if (Vector512.IsHardwareAccelerated && bits >= 512)
            {
                j = Transposed512(pw, ldw, px, py, rows, grouped, accumulate, j);
            }

            if (Vector256.IsHardwareAccelerated && bits >= 256)
            {
                j = Transposed256(pw, ldw, px, py, rows, grouped, accumulate, j);
            }

            if (Vector128.IsHardwareAccelerated && bits >= 128)
            {
                j = Transposed128(pw, ldw, px, py, rows, grouped, accumulate, j);
            }

            for (; j < cols; j++)
            {
                var s = accumulate ? py[j] : 0f;
                var at = StoredColumn(j, ldw);
                for (var r = 0; r < rows; r++)
                {
                    s += pw[((long)r * ldw) + at] * px[r];
                }

                py[j] = s;
            }
        }
    }

    /// <summary>Reference of <see cref="RunTransposed"/> (contiguous W in plain column order): the int8 values as floats, <see cref="MatVec.ReferenceTransposed"/>'s double loops.</summary>
    public static void ReferenceTransposed(ReadOnlySpan<sbyte> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, bool accumulate = false)
    {
        var wf = new float[rows * cols];
        for (var i = 0; i < wf.Length; i++)
        {
            wf[i] = w[i];
        }

        MatVec.ReferenceTransposed(wf, x, y, rows, cols, accumulate);
    }

    /// <summary><see cref="RunTransposed"/>'s Vector512 body from column j over whole groups: two groups (a cache line of each row) a pass; returns the first column it left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Transposed512(sbyte* pw, int ldw, float* px, float* py, int rows, int cols, bool accumulate, int j)
    {
        for (; j + 64 <= cols; j += 64)
        {
            // Lanes 0–7 are the first group, 8–15 the second; byte k of each lane is phase k. Two rows a pass into
            // two sets of four sums: eight independent multiply-add chains.
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default;
            var p = pw + j;
            var r = 0;
            for (; r + 2 <= rows; r += 2, p += 2 * ldw)
            {
                var xr = Vector512.Create(px[r]);
                var xs = Vector512.Create(px[r + 1]);
                var u = Vector512.Load((int*)p);
                var v = Vector512.Load((int*)(p + ldw));
                a0 = Vector512.FusedMultiplyAdd(Byte0(u), xr, a0);
                a1 = Vector512.FusedMultiplyAdd(Byte1(u), xr, a1);
                a2 = Vector512.FusedMultiplyAdd(Byte2(u), xr, a2);
                a3 = Vector512.FusedMultiplyAdd(Byte3(u), xr, a3);
                b0 = Vector512.FusedMultiplyAdd(Byte0(v), xs, b0);
                b1 = Vector512.FusedMultiplyAdd(Byte1(v), xs, b1);
                b2 = Vector512.FusedMultiplyAdd(Byte2(v), xs, b2);
                b3 = Vector512.FusedMultiplyAdd(Byte3(v), xs, b3);
            }

            if (r < rows)
            {
                var xr = Vector512.Create(px[r]);
                var u = Vector512.Load((int*)p);
                a0 = Vector512.FusedMultiplyAdd(Byte0(u), xr, a0);
                a1 = Vector512.FusedMultiplyAdd(Byte1(u), xr, a1);
                a2 = Vector512.FusedMultiplyAdd(Byte2(u), xr, a2);
                a3 = Vector512.FusedMultiplyAdd(Byte3(u), xr, a3);
            }

            var unshift = Vector512.Create(Unshift);
            StoreGroups(py + j, (a0 + b0) * unshift, 0, accumulate);
            StoreGroups(py + j, (a1 + b1) * unshift, 8, accumulate);
            StoreGroups(py + j, (a2 + b2) * unshift, 16, accumulate);
            StoreGroups(py + j, (a3 + b3) * unshift, 24, accumulate);
        }

        return j;
    }

    /// <summary>Phase sums of two groups at dst: the low half is columns at..at+7 of the first group, the high half those of the second.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreGroups(float* dst, Vector512<float> v, int at, bool accumulate)
    {
        VectorStore.StoreOrAdd(dst + at, v.GetLower(), accumulate);
        VectorStore.StoreOrAdd(dst + PhaseGroup + at, v.GetUpper(), accumulate);
    }

    /// <summary><see cref="RunTransposed"/>'s Vector256 body from column j over whole groups: two groups a pass, then one; returns the first column it left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Transposed256(sbyte* pw, int ldw, float* px, float* py, int rows, int cols, bool accumulate, int j)
    {
        var unshift = Vector256.Create(Unshift);
        for (; j + 64 <= cols; j += 64)
        {
            // One row a pass, two groups of four phases: eight independent multiply-add chains.
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                var xr = Vector256.Create(px[r]);
                var u = Vector256.Load((int*)p);
                var v = Vector256.Load((int*)(p + PhaseGroup));
                a0 = Vector256.FusedMultiplyAdd(Byte0(u), xr, a0);
                a1 = Vector256.FusedMultiplyAdd(Byte1(u), xr, a1);
                a2 = Vector256.FusedMultiplyAdd(Byte2(u), xr, a2);
                a3 = Vector256.FusedMultiplyAdd(Byte3(u), xr, a3);
                b0 = Vector256.FusedMultiplyAdd(Byte0(v), xr, b0);
                b1 = Vector256.FusedMultiplyAdd(Byte1(v), xr, b1);
                b2 = Vector256.FusedMultiplyAdd(Byte2(v), xr, b2);
                b3 = Vector256.FusedMultiplyAdd(Byte3(v), xr, b3);
            }

            VectorStore.StoreOrAdd(py + j, a0 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 8, a1 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 16, a2 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 24, a3 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 32, b0 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 40, b1 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 48, b2 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 56, b3 * unshift, accumulate);
        }

        for (; j + PhaseGroup <= cols; j += PhaseGroup)
        {
            // Two rows a pass into two sets of four sums: eight chains.
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
            var p = pw + j;
            var r = 0;
            for (; r + 2 <= rows; r += 2, p += 2 * ldw)
            {
                var xr = Vector256.Create(px[r]);
                var xs = Vector256.Create(px[r + 1]);
                var u = Vector256.Load((int*)p);
                var v = Vector256.Load((int*)(p + ldw));
                a0 = Vector256.FusedMultiplyAdd(Byte0(u), xr, a0);
                a1 = Vector256.FusedMultiplyAdd(Byte1(u), xr, a1);
                a2 = Vector256.FusedMultiplyAdd(Byte2(u), xr, a2);
                a3 = Vector256.FusedMultiplyAdd(Byte3(u), xr, a3);
                b0 = Vector256.FusedMultiplyAdd(Byte0(v), xs, b0);
                b1 = Vector256.FusedMultiplyAdd(Byte1(v), xs, b1);
                b2 = Vector256.FusedMultiplyAdd(Byte2(v), xs, b2);
                b3 = Vector256.FusedMultiplyAdd(Byte3(v), xs, b3);
            }

            if (r < rows)
            {
                var xr = Vector256.Create(px[r]);
                var u = Vector256.Load((int*)p);
                a0 = Vector256.FusedMultiplyAdd(Byte0(u), xr, a0);
                a1 = Vector256.FusedMultiplyAdd(Byte1(u), xr, a1);
                a2 = Vector256.FusedMultiplyAdd(Byte2(u), xr, a2);
                a3 = Vector256.FusedMultiplyAdd(Byte3(u), xr, a3);
            }

            VectorStore.StoreOrAdd(py + j, (a0 + b0) * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 8, (a1 + b1) * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 16, (a2 + b2) * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 24, (a3 + b3) * unshift, accumulate);
        }

        return j;
    }

    /// <summary><see cref="RunTransposed"/>'s Vector128 body from column j over whole groups, one a pass; returns the first column it left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Transposed128(sbyte* pw, int ldw, float* px, float* py, int rows, int cols, bool accumulate, int j)
    {
        var unshift = Vector128.Create(Unshift);
        for (; j + PhaseGroup <= cols; j += PhaseGroup)
        {
            // Lanes 0–3 of the group in one vector, 4–7 in the other, four phases each: eight chains, and with the
            // broadcast and two loads they fit SSE's sixteen registers.
            Vector128<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector128<float> b0 = default, b1 = default, b2 = default, b3 = default;
            var p = pw + j;
            for (var r = 0; r < rows; r++, p += ldw)
            {
                var xr = Vector128.Create(px[r]);
                var u = Vector128.Load((int*)p);
                var v = Vector128.Load((int*)(p + 16));
                a0 = Vector128.MultiplyAddEstimate(Byte0(u), xr, a0);
                a1 = Vector128.MultiplyAddEstimate(Byte1(u), xr, a1);
                a2 = Vector128.MultiplyAddEstimate(Byte2(u), xr, a2);
                a3 = Vector128.MultiplyAddEstimate(Byte3(u), xr, a3);
                b0 = Vector128.MultiplyAddEstimate(Byte0(v), xr, b0);
                b1 = Vector128.MultiplyAddEstimate(Byte1(v), xr, b1);
                b2 = Vector128.MultiplyAddEstimate(Byte2(v), xr, b2);
                b3 = Vector128.MultiplyAddEstimate(Byte3(v), xr, b3);
            }

            VectorStore.StoreOrAdd(py + j, a0 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 4, b0 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 8, a1 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 12, b1 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 16, a2 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 20, b2 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 24, a3 * unshift, accumulate);
            VectorStore.StoreOrAdd(py + j + 28, b3 * unshift, accumulate);
        }

        return j;
    }
}
