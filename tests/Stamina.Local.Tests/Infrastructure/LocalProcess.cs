using System.Collections.Concurrent;
using System.Diagnostics;

namespace Stamina.Local.Tests.Infrastructure;

/// <summary>A real <c>stamina local</c> child process, its output kept for the test log.</summary>
sealed class LocalProcess : IAsyncDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> output = new();

    LocalProcess(Process process) => this.process = process;

    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;
    public IEnumerable<string> Output => output;

    public static LocalProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltPrograms.Cli);
        start.ArgumentList.Add("local");
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var process = new Process { StartInfo = start };
        var local = new LocalProcess(process);
        process.OutputDataReceived += (_, e) => local.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => local.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return local;
    }

    /// <summary>SIGKILL: no drain, no goodbye; the agents it started are left running.</summary>
    public async Task KillHardAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager or Ctrl+C stops it.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    void Keep(string? line)
    {
        if (line is null)
            return;
        output.Enqueue(line);
        while (output.Count > 5000)
            output.TryDequeue(out _);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
