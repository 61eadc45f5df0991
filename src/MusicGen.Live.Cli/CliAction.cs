namespace MusicGen.Live.Cli;

/// <summary>
/// Runs a verb's body and turns any failure into exit code 1 with a one-line reason on stderr
/// (no stack trace: a musician on stage needs the reason, not the call chain).
/// Set MUSICGEN_DEBUG=1 to get the full exception.
/// </summary>
public static class CliAction
{
    public static int Run(Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("MUSICGEN_DEBUG") != "1")
        {
            Console.Error.WriteLine($"musicgen: error: {OneLine(ex)}");
            return 1;
        }
    }

    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 130;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("MUSICGEN_DEBUG") != "1")
        {
            Console.Error.WriteLine($"musicgen: error: {OneLine(ex)}");
            return 1;
        }
    }

    private static string OneLine(Exception ex)
    {
        var message = ex is AggregateException { InnerException: { } inner } ? inner.Message : ex.Message;
        return message.ReplaceLineEndings(" ");
    }
}
