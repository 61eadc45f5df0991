using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace MusicGen.Live.Tensors.Kernels;

/// <summary>
/// Vector128 bodies of <see cref="FusedLstmStep"/> for CPUs with 32 vector registers (ARM64): a whole group of 16 units
/// in one pass, sixteen multiply-add chains (four vectors of each gate) and v read once. ARM64 cores with four 128-bit
/// FMA pipes and a four-cycle latency need about sixteen independent chains to keep them busy, the x86 bodies' eight
/// feed two. On x86, with sixteen registers, these accumulators spill, so x86 runs the two-half bodies; a test runs
/// these there too (<see cref="ForceWide128"/>). Chosen on ARM64 by that register count, not measured on ARM64 here.
/// </summary>
public static unsafe partial class FusedLstmStep
{
    [ThreadStatic]
    private static bool t_wide128;

    // Whether the Vector128 bodies take a whole group a pass: on ARM64, or where a test asks.
    private static bool Wide128 => AdvSimd.Arm64.IsSupported || t_wide128;

    /// <summary>Runs this thread's Vector128 steps on the whole-group bodies (as ARM64 does) until disposed.</summary>
    internal static WideCap ForceWide128()
    {
        var previous = t_wide128;
        t_wide128 = true;
        return new WideCap(previous);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group128Wide(void* weights, float* b, float* v, float* c, float* h, int rows)
    {
        var w = (float*)weights;
        var i0 = Vector128.Load(b);
        var i1 = Vector128.Load(b + 4);
        var i2 = Vector128.Load(b + 8);
        var i3 = Vector128.Load(b + 12);
        var f0 = Vector128.Load(b + 16);
        var f1 = Vector128.Load(b + 20);
        var f2 = Vector128.Load(b + 24);
        var f3 = Vector128.Load(b + 28);
        var g0 = Vector128.Load(b + 32);
        var g1 = Vector128.Load(b + 36);
        var g2 = Vector128.Load(b + 40);
        var g3 = Vector128.Load(b + 44);
        var o0 = Vector128.Load(b + 48);
        var o1 = Vector128.Load(b + 52);
        var o2 = Vector128.Load(b + 56);
        var o3 = Vector128.Load(b + 60);
        for (var r = 0; r < rows; r++, w += GroupWidth)
        {
            var x = Vector128.Create(v[r]);
            i0 = Vector128.MultiplyAddEstimate(Vector128.Load(w), x, i0);
            i1 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 4), x, i1);
            i2 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 8), x, i2);
            i3 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 12), x, i3);
            f0 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 16), x, f0);
            f1 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 20), x, f1);
            f2 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 24), x, f2);
            f3 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 28), x, f3);
            g0 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 32), x, g0);
            g1 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 36), x, g1);
            g2 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 40), x, g2);
            g3 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 44), x, g3);
            o0 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 48), x, o0);
            o1 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 52), x, o1);
            o2 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 56), x, o2);
            o3 = Vector128.MultiplyAddEstimate(Vector128.Load(w + 60), x, o3);
        }

        Cell(i0, f0, g0, o0, c, h);
        Cell(i1, f1, g1, o1, c + 4, h + 4);
        Cell(i2, f2, g2, o2, c + 8, h + 8);
        Cell(i3, f3, g3, o3, c + 12, h + 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group128WideBFloat16(void* weights, float* b, float* v, float* c, float* h, int rows)
    {
        var w = (uint*)weights;
        var mask = Vector128.Create(0xFFFF0000u);
        var i0 = Vector128.Load(b);
        var i1 = Vector128.Load(b + 4);
        var i2 = Vector128.Load(b + 8);
        var i3 = Vector128.Load(b + 12);
        var f0 = Vector128.Load(b + 16);
        var f1 = Vector128.Load(b + 20);
        var f2 = Vector128.Load(b + 24);
        var f3 = Vector128.Load(b + 28);
        var g0 = Vector128.Load(b + 32);
        var g1 = Vector128.Load(b + 36);
        var g2 = Vector128.Load(b + 40);
        var g3 = Vector128.Load(b + 44);
        var o0 = Vector128.Load(b + 48);
        var o1 = Vector128.Load(b + 52);
        var o2 = Vector128.Load(b + 56);
        var o3 = Vector128.Load(b + 60);
        for (var r = 0; r < rows; r++, w += LanesPerRow)
        {
            var x = Vector128.Create(v[r]);
            var a = Vector128.Load(w);
            i0 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(a, 16).AsSingle(), x, i0);
            f0 = Vector128.MultiplyAddEstimate((a & mask).AsSingle(), x, f0);
            a = Vector128.Load(w + 4);
            i1 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(a, 16).AsSingle(), x, i1);
            f1 = Vector128.MultiplyAddEstimate((a & mask).AsSingle(), x, f1);
            a = Vector128.Load(w + 8);
            i2 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(a, 16).AsSingle(), x, i2);
            f2 = Vector128.MultiplyAddEstimate((a & mask).AsSingle(), x, f2);
            a = Vector128.Load(w + 12);
            i3 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(a, 16).AsSingle(), x, i3);
            f3 = Vector128.MultiplyAddEstimate((a & mask).AsSingle(), x, f3);
            a = Vector128.Load(w + 16);
            g0 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(a, 16).AsSingle(), x, g0);
            o0 = Vector128.MultiplyAddEstimate((a & mask).AsSingle(), x, o0);
            a = Vector128.Load(w + 20);
            g1 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(a, 16).AsSingle(), x, g1);
            o1 = Vector128.MultiplyAddEstimate((a & mask).AsSingle(), x, o1);
            a = Vector128.Load(w + 24);
            g2 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(a, 16).AsSingle(), x, g2);
            o2 = Vector128.MultiplyAddEstimate((a & mask).AsSingle(), x, o2);
            a = Vector128.Load(w + 28);
            g3 = Vector128.MultiplyAddEstimate(Vector128.ShiftLeft(a, 16).AsSingle(), x, g3);
            o3 = Vector128.MultiplyAddEstimate((a & mask).AsSingle(), x, o3);
        }

        Cell(i0, f0, g0, o0, c, h);
        Cell(i1, f1, g1, o1, c + 4, h + 4);
        Cell(i2, f2, g2, o2, c + 8, h + 8);
        Cell(i3, f3, g3, o3, c + 12, h + 12);
    }

    /// <summary>Restores the previous choice when disposed.</summary>
    internal readonly struct WideCap(bool previous) : IDisposable
    {
        public void Dispose() => t_wide128 = previous;
    }
}
