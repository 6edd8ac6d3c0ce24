using System.Diagnostics;
using System.Text;

namespace Stamina.FakeAgent.Tests.Running;

/// <summary>
/// The built <c>stamina-fake-agent.dll</c> run with <c>dotnet</c> as a real child process, with the prompt on
/// stdin and a clean environment: no inherited STAMINA_ATTEMPT or account config dirs.
/// </summary>
public sealed class FakeAgentProcess : IDisposable
{
    static readonly string[] ScrubbedVariables = ["STAMINA_ATTEMPT", "CLAUDE_CONFIG_DIR", "CODEX_HOME", "GEMINI_CLI_HOME"];

    readonly Process process;
    readonly MemoryStream stdout = new();
    readonly Task stdoutPump;
    readonly Task<string> stderrPump;

    FakeAgentProcess(Process process)
    {
        this.process = process;
        stdoutPump = PumpAsync(process.StandardOutput.BaseStream);
        stderrPump = process.StandardError.ReadToEndAsync();
    }

    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "stamina-fake-agent.dll");

    public int Id => process.Id;

    public static FakeAgentProcess Start(
        IEnumerable<string> arguments, string prompt, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var name in ScrubbedVariables)
            start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var running = new FakeAgentProcess(process);
        try
        {
            process.StandardInput.Write(prompt);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The fake may exit (--help, bad argv) before it reads its prompt.
        }
        return running;
    }

    /// <summary>Runs to the end, failing the test if that takes longer than <paramref name="timeout"/>.</summary>
    public static async Task<FakeAgentOutput> RunAsync(
        IEnumerable<string> arguments, string prompt, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var running = Start(arguments, prompt, workingDirectory, environment);
        return await running.WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
    }

    /// <summary>The stdout lines written so far (complete lines only).</summary>
    public IReadOnlyList<string> LinesSoFar()
    {
        lock (stdout)
        {
            var text = Encoding.UTF8.GetString(stdout.ToArray());
            var lastNewline = text.LastIndexOf('\n');
            return lastNewline < 0 ? [] : text[..lastNewline].Split('\n');
        }
    }

    public long BytesSoFar()
    {
        lock (stdout)
            return stdout.Length;
    }

    public bool HasExited => process.HasExited;

    /// <summary>Stops reading stdout and closes it, as a reader that goes away does.</summary>
    public void CloseOutput() => process.StandardOutput.Close();

    /// <summary>Sends a signal with kill(1), to this process only.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<FakeAgentOutput> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the fake agent did not exit within {timeout.TotalSeconds} s; it wrote:\n{string.Join('\n', LinesSoFar())}");
        }
        await stdoutPump;
        var stderr = await stderrPump;
        lock (stdout)
            return new FakeAgentOutput(process.ExitCode, stdout.ToArray(), stderr);
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill();
        process.Dispose();
    }

    async Task PumpAsync(Stream source)
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                lock (stdout)
                    stdout.Write(buffer, 0, read);
            }
        }
        catch (Exception error) when (error is ObjectDisposedException or IOException)
        {
            // CloseOutput: the test stopped reading on purpose.
        }
    }
}
