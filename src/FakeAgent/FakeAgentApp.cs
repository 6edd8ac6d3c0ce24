using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Stamina.FakeAgent.Accounts;
using Stamina.FakeAgent.Cli;
using Stamina.FakeAgent.Dialects;
using Stamina.FakeAgent.Directives;
using Stamina.FakeAgent.Output;
using Stamina.FakeAgent.Runs;

namespace Stamina.FakeAgent;

/// <summary>From argv, stdin and the environment to an event stream and an exit code.</summary>
static class FakeAgentApp
{
    public const int UsageErrorExitCode = 2;

    public static int Run(string[] args, TimeProvider time)
    {
        if (LoginStatus.Matches(args))
            return LoginStatus.Run();
        try
        {
            var invocation = InvocationParser.Parse(args);
            if (invocation.ShowHelp)
            {
                Console.Out.Write(HelpText.Text);
                return 0;
            }
            var configDirectory = Environment.GetEnvironmentVariable(invocation.ConfigDirectoryVariable) is { Length: > 0 } directory
                ? directory
                : null;
            if (invocation.Dialect == Dialect.Gemini)
                invocation = invocation with { MaxTurns = GeminiSettings.MaxSessionTurns(configDirectory) };
            if (invocation.WorkingDirectory is { } workingDirectory)
                EnterDirectory(workingDirectory);
            var attempt = int.TryParse(Environment.GetEnvironmentVariable("STAMINA_ATTEMPT"), CultureInfo.InvariantCulture, out var number)
                ? number
                : (int?)null;
            var prompt = ReadPrompt(invocation);
            var directive = DirectiveParser.Choose(prompt, attempt);
            var round = int.TryParse(Environment.GetEnvironmentVariable("STAMINA_REVIEW_ROUND"), CultureInfo.InvariantCulture, out var reviewRound)
                ? reviewRound
                : (int?)null;
            var answer = FinalAnswer.For(DirectiveParser.ChooseVerdict(prompt, round), invocation.JsonSchema is not null);
            var session = new RunSession
            {
                Invocation = invocation,
                SessionId = invocation.ResumeId ?? invocation.SessionId ?? Guid.NewGuid().ToString(),
                Model = invocation.Model ?? invocation.DefaultModel,
                WorkingDirectory = Environment.CurrentDirectory,
                Prompt = prompt,
                AttemptLabel = attempt?.ToString(CultureInfo.InvariantCulture) ?? "-",
            };
            var limitedUntil = configDirectory is not null && AccountLimitSettings.Load(configDirectory) is { } settings
                ? AccountStateFile.Admit(configDirectory, settings, time.GetUtcNow())
                : null;
            using var stdout = OpenStandardOutput();
            var writer = new EventWriter(stdout);
            var totals = new RunTotals();
            var context = new DialectContext(writer, session, totals, time);
            IAgentDialect dialect = invocation.Dialect switch
            {
                Dialect.Claude => new ClaudeDialect(context),
                Dialect.Codex => new CodexDialect(context),
                _ => new GeminiDialect(context),
            };
            return new FakeRun(directive, session, dialect, writer, totals, time) { Answer = answer }.Execute(limitedUntil);
        }
        catch (Exception error) when (error is UsageException or DirectiveException)
        {
            Console.Error.WriteLine($"stamina-fake-agent: {error.Message}");
            Console.Error.WriteLine("Run stamina-fake-agent --help for the directives and dialects.");
            return UsageErrorExitCode;
        }
        catch (IOException error)
        {
            // Most often the reader closed stdout (a killed worker): end quietly instead of with a stack trace.
            Console.Error.WriteLine($"stamina-fake-agent: {error.Message}");
            return 1;
        }
    }

    // Console's own stream drops writes to a closed pipe silently; on fd 1 directly they fail, so that a
    // hanging fake whose reader has gone ends instead of lingering.
    static FileStream OpenStandardOutput() =>
        new(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    static void EnterDirectory(string path)
    {
        if (!Directory.Exists(path))
            throw new UsageException($"-C {path}: no such directory");
        Directory.SetCurrentDirectory(path);
    }

    /// <summary>stdin when piped, joined with a prompt from argv the way each CLI joins them.</summary>
    static string ReadPrompt(Invocation invocation)
    {
        var piped = "";
        if (Console.IsInputRedirected)
        {
            using var input = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
            piped = input.ReadToEnd().TrimEnd('\n', '\r');
        }
        return (invocation.PromptArgument, invocation.Dialect) switch
        {
            (null, _) => piped,
            (var argument, Dialect.Codex) when piped.Length > 0 => $"{argument}\n\n<stdin>\n{piped}\n</stdin>",
            (var argument, _) when piped.Length > 0 => $"{piped}\n\n{argument}",
            (var argument, _) => argument,
        };
    }
}
