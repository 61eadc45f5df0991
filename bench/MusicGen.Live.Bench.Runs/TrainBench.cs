using System.Diagnostics;
using MusicGen.Live.Tensors.Autograd;
using MusicGen.Live.Tensors.Optim;
using MusicGen.Live.Tensors.Training;

namespace MusicGen.Live.Bench.Runs;

/// <summary>
/// <c>musicgen bench train</c>: training throughput on random data, a few steps after warm-up, for the two
/// reference models of issue 4 (tools/bench_torch.py measures the same models in PyTorch):
/// (a) 3-layer Bi-LSTM, hidden 128, input 176, seq 64, batch 16, Linear head to 88, MSE;
/// (b) 4-layer pre-norm transformer, d 256, 4 heads, rotary, seq 512, batch 8, vocab 400, cross-entropy.
/// A step is forward + backward + global-norm clipping + AdamW.
/// </summary>
public static class TrainBench
{
    public static int Run(int threads, int steps, int warmup, string model)
    {
        var n = threads;
        var timed = steps;
        var warm = warmup;
        var which = model;
        if (n < 1 || timed < 1 || warm < 0)
        {
            throw new ArgumentException("--threads and --steps must be at least 1, --warmup at least 0");
        }

        if (which is not ("all" or "bilstm" or "transformer"))
        {
            throw new ArgumentException($"--model must be bilstm, transformer or all, not '{which}'");
        }

        BenchReport.Machine();
        using var pool = new WorkerPool(n);
        Console.WriteLine($"threads={n} warmup={warm} steps={timed}");
        if (which is "all" or "bilstm")
        {
            BenchReport.Figure("bilstm_tokens_per_s", BiLstm(pool, warm, timed));
        }

        if (which is "all" or "transformer")
        {
            BenchReport.Figure("transformer_tokens_per_s", Transformer(pool, warm, timed));
        }

        return 0;
    }

    private static double BiLstm(WorkerPool pool, int warmup, int steps)
    {
        const int T = 64, B = 16, In = 176, H = 128, Out = 88;
        var rng = new TrainRandom(1);
        var ps = new ParameterSet();
        var lstm = new LstmModule(ps, "lstm", In, H, 3, bidirectional: true);
        var head = new LinearModule(ps, "head", lstm.OutputSize, Out);
        lstm.Initialize(rng);
        head.Initialize(rng);
        var opt = new Adam(ps, AdamOptions.AdamW(1e-3f));
        var tape = new Tape(pool);
        var xData = new float[T * B * In];
        var yData = new float[T * B * Out];
        rng.FillUniform(xData, 0, 1);
        rng.FillUniform(yData, 0, 1);
        return Time("bilstm", T * B, warmup, steps, step =>
        {
            tape.Reset();
            ps.ZeroGrad();
            var x = tape.Constant("x", [T, B, In]);
            xData.CopyTo(x.Data, 0);
            var y = tape.Constant("y", [T, B, Out]);
            yData.CopyTo(y.Data, 0);
            var loss = tape.MseLoss(head.Forward(tape, lstm.Forward(tape, x)), y);
            tape.Backward(loss, step);
            GradClip.ClipByGlobalNorm(ps, 1.0);
            opt.Step(pool);
            return loss.Data[0];
        });
    }

    private static double Transformer(WorkerPool pool, int warmup, int steps)
    {
        const int T = 512, B = 8, D = 256, Heads = 4, Layers = 4, Vocab = 400;
        var rng = new TrainRandom(2);
        var ps = new ParameterSet();
        var model = new DecoderModule(ps, Vocab, D, Heads, Layers);
        model.Initialize(rng);
        var opt = new Adam(ps, AdamOptions.AdamW(1e-3f));
        var tape = new Tape(pool);
        var ids = new int[B * T];
        var targets = new int[B * T];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = rng.NextInt(Vocab);
            targets[i] = rng.NextInt(Vocab);
        }

        return Time("transformer", T * B, warmup, steps, step =>
        {
            tape.Reset();
            ps.ZeroGrad();
            var loss = tape.CrossEntropy(model.Forward(tape, ids, B, T), targets);
            tape.Backward(loss, step);
            GradClip.ClipByGlobalNorm(ps, 1.0);
            opt.Step(pool);
            return loss.Data[0];
        });
    }

    private static double Time(string name, int tokensPerStep, int warmup, int steps, Func<long, float> step)
    {
        for (var i = 0; i < warmup; i++)
        {
            step(i);
        }

        // CPU time beside wall time: on a shared machine wall time also counts the other tenants' load.
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var loss = 0f;
        for (var i = 0; i < steps; i++)
        {
            loss = step(warmup + i);
        }

        var seconds = sw.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalMilliseconds / steps;
        Console.WriteLine($"{name}: {steps} steps in {seconds:0.000} s, {1000 * seconds / steps:0.0} ms/step, {cpu:0.0} cpu-ms/step, last loss {loss:0.0000}");
        return tokensPerStep * steps / seconds;
    }
}
