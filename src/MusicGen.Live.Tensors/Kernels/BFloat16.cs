using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// bfloat16 stored as <see cref="ushort"/>: the top half of a float (8-bit exponent, 7-bit mantissa). Decode
/// is memory-bound, and bf16 halves the bytes per weight and cached key/value; widening back is one integer
/// shift, so kernels read bf16 and compute in float. Pure functions; any thread.
/// </summary>
public static class BFloat16
{
    /// <summary>Round to nearest even (NaN stays NaN).</summary>
    public static ushort FromFloat(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }

    public static float ToFloat(ushort value) => BitConverter.UInt32BitsToSingle((uint)value << 16);

    public static void FromFloat(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = FromFloat(source[i]);
        }
    }

    public static void ToFloat(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = ToFloat(source[i]);
        }
    }

    /// <summary>32 bf16 → two Vector512 of float (elements 0–15, 16–31).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector512<float> Lower, Vector512<float> Upper) Widen(Vector512<ushort> v)
    {
        var (lo, hi) = Vector512.Widen(v);
        return (Vector512.ShiftLeft(lo, 16).AsSingle(), Vector512.ShiftLeft(hi, 16).AsSingle());
    }

    /// <summary>16 bf16 → two Vector256 of float (elements 0–7, 8–15).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector256<float> Lower, Vector256<float> Upper) Widen(Vector256<ushort> v)
    {
        var (lo, hi) = Vector256.Widen(v);
        return (Vector256.ShiftLeft(lo, 16).AsSingle(), Vector256.ShiftLeft(hi, 16).AsSingle());
    }

    /// <summary>8 bf16 → two Vector128 of float (elements 0–3, 4–7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector128<float> Lower, Vector128<float> Upper) Widen(Vector128<ushort> v)
    {
        var (lo, hi) = Vector128.Widen(v);
        return (Vector128.ShiftLeft(lo, 16).AsSingle(), Vector128.ShiftLeft(hi, 16).AsSingle());
    }

    /// <summary>16 bf16 at <paramref name="p"/> → one Vector512 of float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe Vector512<float> Load16(ushort* p)
    {
        var (lo, hi) = Vector256.Widen(Vector256.Load(p));
        return Vector512.ShiftLeft(Vector512.Create(lo, hi), 16).AsSingle();
    }

    /// <summary>8 bf16 at <paramref name="p"/> → one Vector256 of float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe Vector256<float> Load8(ushort* p)
    {
        var (lo, hi) = Vector128.Widen(Vector128.Load(p));
        return Vector256.ShiftLeft(Vector256.Create(lo, hi), 16).AsSingle();
    }

    /// <summary>4 bf16 at <paramref name="p"/> (8 bytes) → one Vector128 of float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe Vector128<float> Load4(ushort* p)
    {
        var lo = Vector128.WidenLower(Vector128.CreateScalar(*(ulong*)p).AsUInt16());
        return Vector128.ShiftLeft(lo, 16).AsSingle();
    }
}
