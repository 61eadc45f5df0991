using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Tensors.Optim;

/// <summary>Gradient clipping by global L2 norm with PyTorch's <c>clip_grad_norm_</c> semantics.</summary>
public static class GradClip
{
    /// <summary>
    /// Scales every gradient by min(1, maxNorm / (‖g‖ + 1e-6)) where ‖g‖ is the L2 norm over all parameters
    /// together; returns ‖g‖ before clipping. A non-finite norm throws naming the first bad parameter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ClipByGlobalNorm(ParameterSet parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        // Indexed loops: foreach over the IReadOnlyList would box an enumerator every step.
        var list = parameters.Parameters;
        double sumSq = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var p = list[i];
            var n = TensorPrimitives.Norm(p.Grads);
            if (!float.IsFinite(n))
            {
                throw new ArithmeticException($"gradient of '{p.Name}' holds NaN or infinity");
            }

            sumSq += (double)n * n;
        }

        var total = Math.Sqrt(sumSq);
        var coef = maxNorm / (total + 1e-6);
        if (coef < 1)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var p = list[i];
                TensorPrimitives.Multiply(p.Grads, (float)coef, p.Grads);
            }
        }

        return total;
    }
}
