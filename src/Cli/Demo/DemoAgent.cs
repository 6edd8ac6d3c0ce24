using System.Diagnostics;
using System.Text.Json;

namespace Stamina.Cli.Demo;

/// <summary>
/// Which agent the demo runs: the real <c>claude</c> when it is installed and logged in, otherwise the fake
/// agent that ships with Stamina (a test double: it edits files but does no AI work).
/// </summary>
sealed record DemoAgent(bool Real, string Description, IReadOnlyDictionary<string, string?> Settings)
{
    const string FakeAgentName = "stamina-fake-agent";

    public static DemoAgent Choose(string choice)
    {
        if (choice is "auto" or "claude" && ClaudeLoggedIn() is { } claude)
            return new DemoAgent(true, $"the real claude ({claude})", new Dictionary<string, string?>());
        if (choice == "claude")
            throw new CliException(ExitCodes.Unexpected, "claude is not installed or not logged in (claude auth status); run the demo with --agent fake");
        return new DemoAgent(false, "the fake agent (claude is not installed or not logged in): a test double that edits files, no AI",
            FakeAgentSettings());
    }

    /// <summary>Runs the fake agent as the claude CLI: its apphost when there is one, else <c>dotnet</c> with its dll.</summary>
    static Dictionary<string, string?> FakeAgentSettings()
    {
        var appHost = Path.Combine(AppContext.BaseDirectory, FakeAgentName);
        if (File.Exists(appHost))
            return new() { ["Stamina:Harnesses:claude:Executable"] = appHost };
        var dll = Path.Combine(AppContext.BaseDirectory, FakeAgentName + ".dll");
        if (!File.Exists(dll))
            throw new CliException(ExitCodes.Unexpected, $"the fake agent is missing from {AppContext.BaseDirectory}");
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        return new() { ["Stamina:Harnesses:claude:Executable"] = dotnet, ["Stamina:Harnesses:claude:ExtraArguments:0"] = dll };
    }

    /// <summary>The version of a logged-in claude, or null.</summary>
    static string? ClaudeLoggedIn()
    {
        try
        {
            var status = Run("auth", "status");
            if (status is null || !JsonDocument.Parse(status).RootElement.TryGetProperty("loggedIn", out var loggedIn) || !loggedIn.GetBoolean())
                return null;
            return Run("--version")?.Trim() ?? "claude";
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    static string? Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("claude") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        using var claude = Process.Start(start);
        if (claude is null)
            return null;
        claude.StandardInput.Close();
        var output = claude.StandardOutput.ReadToEndAsync();
        if (!claude.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            claude.Kill(entireProcessTree: true);
            return null;
        }
#pragma warning disable VSTHRD002 // the process has exited: its output is complete
        return claude.ExitCode == 0 ? output.Result : null;
#pragma warning restore VSTHRD002
    }
}
