using System.Globalization;

namespace MusicGen.Live.Training.Common;

/// <summary>
/// Default progress display for <see cref="TrainingLoop"/>: one line rewritten in place on a terminal, or one
/// line every <c>printEvery</c> steps when output is redirected (a log file under nohup). Writes to stderr so
/// stdout stays for results. Called on the training thread.
/// </summary>
public sealed class ConsoleProgress
{
    private readonly TextWriter _out;
    private readonly bool _interactive;
    private readonly int _printEvery;

    public ConsoleProgress(TextWriter? output = null, bool? interactive = null, int printEvery = 25)
    {
        _out = output ?? Console.Error;
        _interactive = interactive ?? !Console.IsErrorRedirected;
        _printEvery = Math.Max(1, printEvery);
    }

    public void Report(TrainingProgress p)
    {
        var line = Format(p);
        if (p.Phase != "train")
        {
            _out.WriteLine(_interactive ? "\r" + line : line);
            return;
        }

        if (_interactive)
        {
            _out.Write("\r" + line.PadRight(100));
        }
        else if (p.StepInEpoch % _printEvery == 0)
        {
            _out.WriteLine(line);
        }
    }

    public static string Format(TrainingProgress p)
    {
        var bar = Bar(p.StepsPerEpoch == 0 ? 0 : (double)p.StepInEpoch / p.StepsPerEpoch, 20);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {p.Epoch + 1}/{p.MaxEpochs} {bar} {p.StepInEpoch}/{p.StepsPerEpoch} loss {p.TrainLoss:0.00000} lr "
                + $"{p.LearningRate:0.0e0} valid {p.ValidMetric:0.000} best {p.BestMetric:0.000} [{p.Elapsed:hh\\:mm\\:ss}] "
                + $"{p.Phase}");
    }

    private static string Bar(double fraction, int width)
    {
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * width);
        return "[" + new string('#', filled) + new string('.', width - filled) + "]";
    }
}
