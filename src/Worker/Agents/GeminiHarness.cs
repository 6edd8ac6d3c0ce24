namespace Stamina.Worker.Agents;

/// <summary>
/// <c>gemini -p … -o stream-json</c>. Gemini appends the <c>-p</c> text to standard input, so the task goes
/// on stdin and <c>-p</c> carries only a fixed instruction. <c>--skip-trust</c> is always given: headless
/// Gemini refuses an untrusted folder (exit 55), and the worker's worktree is the agent's own.
/// <see cref="AgentRequest.ConfigDir"/> becomes <c>GEMINI_CLI_HOME</c>: the directory that holds <c>.gemini</c>.
/// </summary>
public sealed class GeminiHarness : IAgentHarness
{
    public const string HarnessName = "gemini";
    public const string Instruction = "Follow the task given on standard input.";

    public string Name => HarnessName;

    public bool EnforcesMaxTurns => false;

    public bool EnforcesMaxBudget => false;

    public AgentLaunch Build(AgentRequest request, HarnessSettings settings)
    {
        List<string> argv = [settings.ExecutableOr(HarnessName), .. settings.ExtraArguments, "--skip-trust", "-p", Instruction, "-o", "stream-json"];
        if (!string.IsNullOrWhiteSpace(request.Model))
        {
            argv.AddRange(["-m", request.Model]);
        }
        if (settings.SkipPermissions)
        {
            argv.Add("--yolo");
        }
        else if (!string.IsNullOrWhiteSpace(settings.PermissionMode))
        {
            argv.AddRange(["--approval-mode", settings.PermissionMode]);
        }
        argv.AddRange(string.IsNullOrWhiteSpace(request.ResumeSessionId)
            ? ["--session-id", request.SessionId.ToString("D")]
            : ["--resume", request.ResumeSessionId]);
        var environment = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(request.ConfigDir))
        {
            environment["GEMINI_CLI_HOME"] = request.ConfigDir;
        }
        return new AgentLaunch(argv, environment, PromptText.WithInstructions(request));
    }

    public IAgentStream CreateStream(TimeProvider clock) => new GeminiStream(clock);
}
