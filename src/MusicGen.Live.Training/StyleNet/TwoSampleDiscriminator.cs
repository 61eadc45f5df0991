namespace MusicGen.Live.Training.StyleNet;

/// <summary>
/// A two-sample test by classifier: L2-regularised logistic regression on <see cref="DiscriminatorFeatures"/>
/// (standardised on the training windows), fitted by Newton's method, that tells a pianist's windows from a model's.
/// Its accuracy on held-out windows is the measure: 50 % is indistinguishable, 100 % always told apart. Logistic
/// regression rather than a network: the problem is convex, so the fit is unique and deterministic (no seed, no
/// early stopping to tune), it trains in milliseconds on thousands of windows, and its weights say which feature gave
/// a model away. It is a weaker judge than a network on raw notes, so its accuracy is a lower bound on how
/// distinguishable the two are.
/// </summary>
public sealed class TwoSampleDiscriminator
{
    /// <summary>L2 penalty on the weights of the standardised features (not the bias).</summary>
    public const double Ridge = 1.0;

    private const int MaxIterations = 50;

    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly double[] _weights;

    private TwoSampleDiscriminator(double[] mean, double[] scale, double[] weights)
    {
        (_mean, _scale, _weights) = (mean, scale, weights);
    }

    /// <summary>Weight of each standardised feature (positive: more of it reads as the pianist), then the bias.</summary>
    public IReadOnlyList<double> Weights => _weights;

    public static TwoSampleDiscriminator Fit(float[][] features, bool[] pianist)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(pianist);
        if (features.Length != pianist.Length || features.Length == 0)
        {
            throw new ArgumentException($"discriminator: {features.Length} windows and {pianist.Length} labels (need equal, at least one)");
        }

        var d = features[0].Length;
        var n = features.Length;
        var mean = new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            mean[j] = features.Average(f => (double)f[j]);
            var s = Math.Sqrt(features.Average(f => (f[j] - mean[j]) * (f[j] - mean[j])));
            scale[j] = s > 1e-9 ? s : 1;
        }

        var x = new double[n][];
        for (var i = 0; i < n; i++)
        {
            x[i] = new double[d + 1];
            for (var j = 0; j < d; j++)
            {
                x[i][j] = (features[i][j] - mean[j]) / scale[j];
            }

            x[i][d] = 1;
        }

        var w = new double[d + 1];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            // Newton step on the penalised negative log-likelihood: (XᵀSX + λI) Δ = Xᵀ(y − p) − λw.
            var gradient = new double[d + 1];
            var hessian = new double[d + 1, d + 1];
            for (var i = 0; i < n; i++)
            {
                var p = Sigmoid(Dot(w, x[i]));
                var residual = (pianist[i] ? 1 : 0) - p;
                var s = Math.Max(p * (1 - p), 1e-10);
                for (var a = 0; a <= d; a++)
                {
                    gradient[a] += residual * x[i][a];
                    for (var b = 0; b <= a; b++)
                    {
                        hessian[a, b] += s * x[i][a] * x[i][b];
                    }
                }
            }

            for (var a = 0; a < d; a++)
            {
                gradient[a] -= Ridge * w[a];
                hessian[a, a] += Ridge;
            }

            hessian[d, d] += 1e-9;
            // Halved until the objective falls: a full Newton step can overshoot when the classes all but separate.
            var step = SolveSymmetric(hessian, gradient);
            var before = Objective(w, x, pianist);
            var trial = new double[d + 1];
            var size = 1.0;
            for (var halvings = 0; halvings < 30; halvings++, size /= 2)
            {
                for (var a = 0; a <= d; a++)
                {
                    trial[a] = w[a] + (size * step[a]);
                }

                if (Objective(trial, x, pianist) <= before)
                {
                    break;
                }
            }

            var change = 0.0;
            for (var a = 0; a <= d; a++)
            {
                change = Math.Max(change, Math.Abs(trial[a] - w[a]));
                w[a] = trial[a];
            }

            if (change < 1e-8)
            {
                break;
            }
        }

        return new TwoSampleDiscriminator(mean, scale, w);
    }

    /// <summary>Probability that a window is the pianist's.</summary>
    public double PianistProbability(ReadOnlySpan<float> features)
    {
        var z = _weights[^1];
        for (var j = 0; j < _mean.Length; j++)
        {
            z += _weights[j] * (features[j] - _mean[j]) / _scale[j];
        }

        return Sigmoid(z);
    }

    /// <summary>Fraction of windows classified right (probability above one half for the pianist's); NaN when none.</summary>
    public double Accuracy(float[][] features, bool[] pianist)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(pianist);
        if (features.Length == 0)
        {
            return double.NaN;
        }

        var right = 0;
        for (var i = 0; i < features.Length; i++)
        {
            right += PianistProbability(features[i]) > 0.5 == pianist[i] ? 1 : 0;
        }

        return (double)right / features.Length;
    }

    /// <summary>Trained on <paramref name="train"/>'s windows, its accuracy on <paramref name="test"/>'s; NaN when either has none.</summary>
    public static double Accuracy(DiscriminatorWindows train, DiscriminatorWindows test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var (xTrain, yTrain) = train.Samples();
        var (xTest, yTest) = test.Samples();
        return xTrain.Length == 0 || xTest.Length == 0 ? double.NaN : Fit(xTrain, yTrain).Accuracy(xTest, yTest);
    }

    /// <summary>Two-fold by piece within one split (even pieces against odd, then the reverse), windows pooled; NaN when a fold is empty.</summary>
    public static double CrossValidated(DiscriminatorWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var (xEven, yEven) = windows.Samples(i => i % 2 == 0);
        var (xOdd, yOdd) = windows.Samples(i => i % 2 == 1);
        if (xEven.Length == 0 || xOdd.Length == 0)
        {
            return double.NaN;
        }

        var right = (Fit(xEven, yEven).Accuracy(xOdd, yOdd) * xOdd.Length) + (Fit(xOdd, yOdd).Accuracy(xEven, yEven) * xEven.Length);
        return right / (xEven.Length + xOdd.Length);
    }

    /// <summary>Penalised negative log-likelihood.</summary>
    private static double Objective(double[] w, double[][] x, bool[] pianist)
    {
        double loss = 0;
        for (var i = 0; i < x.Length; i++)
        {
            // log(1 + e^-z) for the pianist, log(1 + e^z) for the model, computed without overflow.
            var z = pianist[i] ? Dot(w, x[i]) : -Dot(w, x[i]);
            loss += z >= 0 ? Math.Log(1 + Math.Exp(-z)) : -z + Math.Log(1 + Math.Exp(z));
        }

        for (var a = 0; a < w.Length - 1; a++)
        {
            loss += 0.5 * Ridge * w[a] * w[a];
        }

        return loss;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>Solves A x = b for a symmetric positive definite A given by its lower triangle (Cholesky).</summary>
    private static double[] SolveSymmetric(double[,] a, double[] b)
    {
        var n = b.Length;
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    s -= l[i, k] * l[j, k];
                }

                l[i, j] = i == j ? Math.Sqrt(Math.Max(s, 1e-12)) : s / l[j, j];
            }
        }

        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= l[i, k] * y[k];
            }

            y[i] = s / l[i, i];
        }

        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < n; k++)
            {
                s -= l[k, i] * x[k];
            }

            x[i] = s / l[i, i];
        }

        return x;
    }
}
