using System.Diagnostics;

namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>Runs <c>promtool</c> and hands back its exit code and output, for assertions that show what it said.</summary>
static class PromTool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string promtool, params string[] arguments)
    {
        var start = new ProcessStartInfo(promtool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
