using System.Globalization;

namespace Stamina.Worker.Agents;

/// <summary>
/// Claude Code in print mode with stream-json output. The prompt goes on stdin: the variadic
/// <c>--allowedTools</c> would swallow a positional prompt (it is also put last, as one comma-joined value).
/// </summary>
public sealed class ClaudeHarness : IAgentHarness
{
    public const string HarnessName = "claude";

    public string Name => HarnessName;

    public bool EnforcesMaxTurns => true;

    public bool EnforcesMaxBudget => true;

    public bool SessionsFiledByDirectory => true;

    public AgentLaunch Build(AgentRequest request, HarnessSettings settings)
    {
        List<string> argv = [settings.ExecutableOr(HarnessName), .. settings.ExtraArguments, "-p", "--output-format", "stream-json", "--verbose"];
        argv.AddRange(string.IsNullOrWhiteSpace(request.ResumeSessionId)
            ? ["--session-id", request.SessionId.ToString("D")]
            : ["--resume", request.ResumeSessionId]);
        if (!string.IsNullOrWhiteSpace(request.Model))
        {
            argv.AddRange(["--model", request.Model]);
        }
        if (request.MaxTurns is { } turns)
        {
            argv.AddRange(["--max-turns", turns.ToString(CultureInfo.InvariantCulture)]);
        }
        if (request.MaxBudgetUsd is { } budget)
        {
            argv.AddRange(["--max-budget-usd", budget.ToString(CultureInfo.InvariantCulture)]);
        }
        if (!string.IsNullOrEmpty(request.AppendSystemPrompt))
        {
            argv.AddRange(["--append-system-prompt", request.AppendSystemPrompt]);
        }
        if (!string.IsNullOrWhiteSpace(settings.PermissionMode))
        {
            argv.AddRange(["--permission-mode", settings.PermissionMode]);
        }
        if (settings.SkipPermissions)
        {
            argv.Add("--dangerously-skip-permissions");
        }
        if (request.JsonSchema is { Length: > 0 } schema && settings.StructuredOutput)
        {
            argv.AddRange(["--json-schema", schema]);
        }
        if (settings.AllowedTools.Count > 0)
        {
            argv.AddRange(["--allowedTools", string.Join(',', settings.AllowedTools)]);
        }
        var environment = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(request.ConfigDir))
        {
            environment["CLAUDE_CONFIG_DIR"] = request.ConfigDir;
        }
        return new AgentLaunch(argv, environment, request.Prompt);
    }

    public IAgentStream CreateStream(TimeProvider clock) => new ClaudeStream(clock);
}
