using System.Collections.Concurrent;
using System.Diagnostics;

namespace Stamina.Testing;

/// <summary>A real coordinator, worker or <c>stamina local</c> process, its output kept for the test log.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> output = new();
    bool disposed;

    ServiceProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }
    public int Id => process.Id;
    public bool HasExited => process.HasExited;
    public IEnumerable<string> Output => output;

    /// <param name="launcher">Runs dotnet through this command (e.g. <c>ip netns exec NAME</c>); it must exec, keeping the pid.</param>
    public static ServiceProcess Start(string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<string>? launcher = null) =>
        StartProgram(name, ["dotnet", dll], arguments, environment, Path.GetDirectoryName(dll)!, launcher);

    /// <summary>
    /// Runs a built program as a user would (no development settings or log format of the tests' own, in the tests'
    /// working directory): e.g. <c>stamina local</c>, whose output is what the user reads.
    /// </summary>
    public static ServiceProcess StartAsUser(string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        StartProgram(name, ["dotnet", dll], arguments, environment, Environment.CurrentDirectory, launcher: null, testLogging: false);

    /// <summary>Runs <paramref name="program"/> (its words, e.g. an installed <c>stamina</c> and <c>worker</c>) with <paramref name="arguments"/>.</summary>
    /// <param name="testLogging">Development settings and one timestamped line a log entry, for reading a failed test's log.</param>
    public static ServiceProcess StartProgram(string name, IReadOnlyList<string> program, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, string workingDirectory, IReadOnlyList<string>? launcher = null, bool testLogging = true)
    {
        var command = (launcher ?? []).Concat(program).ToList();
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var part in command.Skip(1))
            start.ArgumentList.Add(part);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        if (testLogging)
        {
            start.Environment["DOTNET_ENVIRONMENT"] = "Development";
            start.Environment["Logging__LogLevel__Default"] = "Information";
            start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
            start.Environment["Logging__Console__FormatterName"] = "simple";
            start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
            start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        }

        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(name, process);
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    void Keep(string? line)
    {
        if (line is null)
            return;
        output.Enqueue(line);
        while (output.Count > 5000)
            output.TryDequeue(out _);
    }

    public void Signal(int signal) => Signals.Send(process.Id, signal);

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
    }

    public int ExitCode => process.ExitCode;

    /// <summary>SIGKILL: no drain, no goodbye; the children it started are left running.</summary>
    public async Task KillHardAsync()
    {
        Signal(Signals.Kill);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager or Ctrl+C stops it; false if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        Signal(Signals.Terminate);
        try
        {
            await WaitForExitAsync(timeout);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void WriteLogTo(TextWriter writer)
    {
        writer.WriteLine($"----- {Name} (pid {process.Id}) -----");
        foreach (var line in output)
            writer.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        if (!process.HasExited)
        {
            // A stopped process ignores SIGTERM until continued.
            try { Signals.Send(process.Id, Signals.Continue); } catch (InvalidOperationException) { }
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
