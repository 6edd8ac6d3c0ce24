namespace Stamina.Worker.Agents;

/// <summary>
/// <c>codex exec --json</c>, prompt on stdin (<c>-</c>). <c>exec resume</c> takes no <c>--sandbox</c>, so the
/// sandbox goes on <c>exec</c> before the subcommand (the form the recorded real CLI accepts). Codex has no
/// turn or budget flags and reports no cost: the worker enforces turns and time itself.
/// </summary>
public sealed class CodexHarness : IAgentHarness
{
    public const string HarnessName = "codex";
    public const string DefaultSandbox = "workspace-write";

    public string Name => HarnessName;

    public bool EnforcesMaxTurns => false;

    public bool EnforcesMaxBudget => false;

    /// <summary>Without a login Codex keeps calling the API (offline: forever); <c>login status</c> answers at once.</summary>
    public IReadOnlyList<string>? LoginCheckArguments => ["login", "status"];

    public AgentLaunch Build(AgentRequest request, HarnessSettings settings)
    {
        var sandbox = settings.SkipPermissions
            ? (string[])["--dangerously-bypass-approvals-and-sandbox"]
            : ["-s", string.IsNullOrWhiteSpace(settings.Sandbox) ? DefaultSandbox : settings.Sandbox];
        List<string> argv = [settings.ExecutableOr(HarnessName), .. settings.ExtraArguments, "exec"];
        if (string.IsNullOrWhiteSpace(request.ResumeSessionId))
        {
            argv.AddRange(["--json", "--skip-git-repo-check", .. sandbox]);
        }
        else
        {
            argv.AddRange([.. sandbox, "resume", request.ResumeSessionId, "--json", "--skip-git-repo-check"]);
        }
        if (!string.IsNullOrWhiteSpace(request.Model))
        {
            argv.AddRange(["-m", request.Model]);
        }
        argv.Add("-");
        var environment = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(request.ConfigDir))
        {
            environment["CODEX_HOME"] = request.ConfigDir;
        }
        return new AgentLaunch(argv, environment, PromptText.WithInstructions(request));
    }

    public IAgentStream CreateStream(TimeProvider clock) => new CodexStream(clock);
}
