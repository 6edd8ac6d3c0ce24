using Microsoft.Extensions.Options;
using Stamina.Contracts;
using Stamina.Worker.Agents;
using Stamina.Worker.Processes;
using Stamina.Worker.Processes.Sandbox;
using Stamina.Worker.Reviews;

namespace Stamina.Worker.Execution;

/// <summary>
/// Turns an item into the process to run: its own argv for the command harness, or the agent CLI's argv
/// with the account's config dir, the model for its skill level, and a resumed session where possible.
/// </summary>
public sealed class AttemptCommandFactory(
    IOptions<WorkerSettings> options,
    HarnessCatalog harnesses,
    AccountDirectories accounts,
    CommandSandboxes sandboxes,
    TimeProvider clock)
{
    /// <summary>Sent instead of the task when the agent's own session is resumed: it already has the task.</summary>
    public const string ContinuationPrompt =
        "Your previous run on this task was interrupted. The work so far is in this directory (committed). " +
        "Continue the task from where you stopped and finish it.";

    readonly WorkerSettings settings = options.Value;

    /// <exception cref="AttemptSetupException">The harness is unknown.</exception>
    /// <exception cref="HarnessUnavailableException">This worker's settings for the harness are broken.</exception>
    public AttemptCommand Create(ExecuteWorkItem item, int attempt, PreparedAttempt prepared)
    {
        var task = ReviewPrompt.For(prepared.TaskFor(item), item.Agent.Review);
        var environment = CommandEnvironment.For(item, attempt);
        if (item.Harness is "" or "command")
        {
            if (item.Command.Length == 0)
                throw new AttemptSetupException(ErrorClasses.Invalid, "command: empty");
            PromptFile.Provide(PromptFile.PathFor(settings.ResolveWorkDir(), prepared.Worktree), task, environment);
            return new AttemptCommand(Process(item.Command, prepared, environment, task, configDir: null, harness: null), null, new AgentLimits());
        }

        var harness = AgentHarnesses.Find(item.Harness)
            ?? throw new AttemptSetupException(ErrorClasses.Invalid, $"harness: '{item.Harness}' is not known to this worker");
        HarnessSettings harnessSettings;
        try
        {
            harnessSettings = harnesses.For(harness.Name);
        }
        catch (InvalidOperationException exception)
        {
            throw new HarnessUnavailableException($"the settings of the {harness.Name} harness cannot be read: {exception.Message}", exception);
        }
        var sessionId = Guid.NewGuid();
        var resumeSession = CanResumeSession(prepared.ResumedFrom, harness) ? prepared.ResumedFrom!.SessionId : null;
        var configDir = accounts.ConfigDir(settings.Account, harness.Name);
        var model = ModelChoice.Resolve(item.Agent, harnessSettings);
        var launch = harness.Build(new AgentRequest
        {
            Prompt = resumeSession is null ? task : ContinuationPrompt,
            Model = model,
            MaxTurns = item.Agent.MaxTurns,
            MaxBudgetUsd = item.Agent.MaxBudgetUsd,
            AppendSystemPrompt = item.Agent.AppendSystemPrompt,
            SessionId = sessionId,
            ResumeSessionId = resumeSession,
            ConfigDir = configDir,
            JsonSchema = item.Agent.Review is null ? null : VerdictSchema.Json,
        }, harnessSettings);
        PromptFile.Provide(PromptFile.PathFor(settings.ResolveWorkDir(), prepared.Worktree), task, environment);
        foreach (var (name, value) in launch.Environment)
            environment[name] = value;
        var limits = new AgentLimits(
            item.Agent.StallTimeout ?? settings.StallTimeout,
            harness.EnforcesMaxTurns ? null : item.Agent.MaxTurns,
            item.Agent.MaxBudgetUsd);
        var stream = harness.CreateStream(clock);
        (stream as AgentStream)?.AssumeModel(model);
        return new AttemptCommand(
            Process(launch.Command, prepared, environment, launch.StandardInput, configDir, harness.Name),
            stream,
            limits)
        {
            LoginCheck = harness.LoginCheckArguments is { } check ? [launch.Command[0], .. check] : null,
        };
    }

    /// <summary>
    /// The agent's own session lives in this machine's account config dir: only there can it be resumed.
    /// A CLI that also files sessions under the working directory (Claude) finds them only on the same worker
    /// (worktrees are per item under the worker's work dir).
    /// </summary>
    bool CanResumeSession(ResumePoint? from, IAgentHarness harness) =>
        from is { SessionId: { Length: > 0 } } resume
        && resume.Harness == harness.Name
        && resume.Machine == Environment.MachineName
        && resume.Account == settings.Account
        && (!harness.SessionsFiledByDirectory || resume.Worker == settings.Name);

    /// <summary>
    /// Sandboxed (where this worker can): it reads its prompt file and writes its worktree and its account's config dir;
    /// an agent's harness adds its model's hosts to the network allow-list.
    /// </summary>
    ChildProcessOptions Process(
        IReadOnlyList<string> command, PreparedAttempt prepared, Dictionary<string, string?> environment, string? input, string? configDir, string? harness)
    {
        var promptFile = PromptFile.PathFor(settings.ResolveWorkDir(), prepared.Worktree);
        var writable = configDir is null ? new List<string>() : [configDir];
        if (harness is not null)
            GiveAgentItsOwn(harness, configDir, environment, writable);
        var sandbox = sandboxes.For(prepared.Worktree, readOnlyPaths: [promptFile], writablePaths: writable, harness);
        // Claude refuses to skip its permission prompts as root outside a sandbox it is told of; this is one.
        if (sandbox is not null && harness == "claude")
            environment["IS_SANDBOX"] = "1";
        // The sandbox hides every git configuration, so a command's own `git commit` would find no identity: the worker's.
        if (sandbox is not null)
        {
            environment.TryAdd("GIT_AUTHOR_NAME", settings.AuthorName);
            environment.TryAdd("GIT_AUTHOR_EMAIL", settings.AuthorEmail);
            environment.TryAdd("GIT_COMMITTER_NAME", settings.AuthorName);
            environment.TryAdd("GIT_COMMITTER_EMAIL", settings.AuthorEmail);
        }
        return new()
        {
            Command = command,
            WorkingDirectory = prepared.Worktree,
            StandardInput = input,
            TailBytes = settings.OutputTailBytes,
            Environment = environment,
            Sandbox = sandbox,
        };
    }

    /// <summary>
    /// The agent's own credentials (never the worker's) from the worker's environment, and without an account directory
    /// its login files in the worker user's home: inside the sandbox the home shows those alone.
    /// </summary>
    static void GiveAgentItsOwn(string harness, string? configDir, Dictionary<string, string?> environment, List<string> writable)
    {
        foreach (var name in AgentSandboxNeeds.CredentialVariables(harness))
        {
            if (!environment.ContainsKey(name) && Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
                environment[name] = value;
        }
        if (configDir is not null || Environment.GetEnvironmentVariable("HOME") is not { Length: > 1 } home)
            return;
        environment["HOME"] = home;
        writable.AddRange(AgentSandboxNeeds.HomeEntries(harness).Select(entry => Path.Combine(home, entry))
            .Where(path => File.Exists(path) || Directory.Exists(path)));
    }
}
