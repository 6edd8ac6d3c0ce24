using System.Diagnostics;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>The real <c>stamina</c> executable, run as a child process against a fleet.</summary>
sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunProgramAsync(["dotnet", RepositoryRoot.Program("Cli", "stamina")], environment, arguments);

    /// <summary>Runs <paramref name="program"/> (its words, e.g. an installed <c>stamina</c>) to its end, within 60 s.</summary>
    public static async Task<CliRun> RunProgramAsync(IReadOnlyList<string> program, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var part in program.Skip(1))
            start.ArgumentList.Add(part);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, await error);
    }
}
