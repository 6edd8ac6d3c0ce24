namespace Stamina.FakeAgent.Cli;

/// <summary>
/// Guesses the dialect from argv the way the worker calls the real CLIs: <c>exec ...</c> is codex;
/// <c>--verbose</c>, or <c>-p</c> as a bare flag with <c>--output-format stream-json</c>, is claude; anything else is gemini.
/// </summary>
static class InvocationParser
{
    // codex flags that take a value, so that their values are not mistaken for the session id or the prompt.
    static readonly HashSet<string> CodexValueFlags =
    [
        "-c", "--config", "--enable", "--disable", "-i", "--image", "-m", "--model", "--local-provider", "-p", "--profile",
        "-s", "--sandbox", "-C", "--cd", "--add-dir", "--output-schema", "--color", "-o", "--output-last-message",
    ];

    public static Invocation Parse(IReadOnlyList<string> argv)
    {
        var arguments = new Arguments(argv);
        var dialect = argv.Count > 0 && argv[0] == "exec" ? Dialect.Codex
            : IsClaude(arguments) ? Dialect.Claude
            : Dialect.Gemini;
        // Help wins over argv that would otherwise be refused.
        if (arguments.Has("--help", "-h"))
            return new Invocation { Dialect = dialect, ShowHelp = true };
        return dialect switch
        {
            Dialect.Codex => ParseCodex(arguments),
            Dialect.Claude => ParseClaude(arguments),
            _ => ParseGemini(arguments),
        };
    }

    static bool IsClaude(Arguments arguments) =>
        arguments.Has("--verbose")
        || (arguments.ValueOf("--output-format") == "stream-json" && (arguments.HasBareFlag("-p") || arguments.HasBareFlag("--print")));

    static Invocation ParseClaude(Arguments arguments) => new()
    {
        Dialect = Dialect.Claude,
        ResumeId = arguments.ValueOf("--resume", "-r"),
        SessionId = arguments.ValueOf("--session-id"),
        Model = arguments.ValueOf("--model"),
        MaxTurns = arguments.IntegerOf("--max-turns"),
        MaxBudgetUsd = arguments.AmountOf("--max-budget-usd"),
        PermissionMode = arguments.Has("--dangerously-skip-permissions") ? "bypassPermissions" : arguments.ValueOf("--permission-mode"),
        JsonSchema = arguments.ValueOf("--json-schema"),
    };

    static Invocation ParseGemini(Arguments arguments) => new()
    {
        Dialect = Dialect.Gemini,
        ResumeId = arguments.ValueOf("--resume", "-r"),
        SessionId = arguments.ValueOf("--session-id"),
        Model = arguments.ValueOf("--model", "-m"),
        PermissionMode = arguments.Has("--yolo", "-y") ? "yolo" : arguments.ValueOf("--approval-mode"),
        PromptArgument = arguments.ValueOf("--prompt", "-p"),
    };

    static Invocation ParseCodex(Arguments arguments)
    {
        var positionals = CodexPositionals(arguments.Values);
        var resuming = positionals.Count > 0 && positionals[0] == "resume";
        var rest = resuming ? positionals.Skip(1).ToList() : positionals;
        string? resumeId = null;
        if (resuming)
        {
            // With --last the real CLI picks the newest recorded session; the fake records none, so it makes one up.
            if (arguments.Has("--last"))
                resumeId = Guid.NewGuid().ToString();
            else if (rest.Count > 0)
                resumeId = rest[0];
            else
                throw new UsageException("exec resume needs a session id or --last");
            if (!arguments.Has("--last"))
                rest = rest.Skip(1).ToList();
        }
        var prompt = rest.Count > 0 ? rest[0] : null;
        return new Invocation
        {
            Dialect = Dialect.Codex,
            ResumeId = resumeId,
            Model = arguments.ValueOf("--model", "-m"),
            PermissionMode = arguments.Has("--dangerously-bypass-approvals-and-sandbox") ? "danger-full-access" : arguments.ValueOf("--sandbox", "-s"),
            WorkingDirectory = arguments.ValueOf("--cd", "-C"),
            PromptArgument = prompt == "-" ? null : prompt,
        };
    }

    static List<string> CodexPositionals(IReadOnlyList<string> argv)
    {
        var positionals = new List<string>();
        for (var i = 1; i < argv.Count; i++)
        {
            if (CodexValueFlags.Contains(argv[i]))
                i++;
            else if (argv[i] == "-" || !argv[i].StartsWith('-'))
                positionals.Add(argv[i]);
        }
        return positionals;
    }
}
