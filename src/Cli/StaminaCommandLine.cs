using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Stamina.Cli.Commands;

namespace Stamina.Cli;

/// <summary>The <c>stamina</c> command tree and its entry point, which turns every failure into an exit code.</summary>
static class StaminaCommandLine
{
    const string ExitCodesHint = "Exit codes: 0 ok, 1 unexpected, 2 usage, 3 unreachable, 4 unauthorised, 5 invalid request, "
        + "6 not found, 7 conflict (see stamina --help).";

    const string RootExamples = """
        Examples:
          stamina local --workers 2        (the whole fleet in this process; then, in another terminal:)
          export STAMINA_URL=http://coordinator:5080 STAMINA_API_KEY=...
          stamina submit --repo https://github.com/acme/api.git --pool night -- make test
          stamina submit --repo /srv/git/api.git --harness claude --prompt-file task.md --max-turns 40
          stamina submit -f tasks.yml
          stamina schedule add --cron "0 22 * * 1-5" --tz Europe/Berlin -f night.yml
          stamina list --state Running
          stamina show 3f2a1b4c
          stamina logs 3f2a1b4c --follow
          stamina watch --until-done
          stamina stats
          stamina workers --json
          stamina config check
          stamina worker --pool night --account work   (a worker on this machine for a fleet's coordinator)
          source <(stamina completion bash)
        """;

    public static RootCommand Build(CliContext context)
    {
        var global = new GlobalOptions();
        var root = new RootCommand(
            "Stamina: run commands and coding agents unattended on queues of work items: the coordinator's client, and every part of a fleet")
        {
            global.Url, global.ApiKey, global.Config, global.Json, global.Insecure,
        };
        var examples = new Dictionary<Command, string>
        {
            [root] = RootExamples + Environment.NewLine + Environment.NewLine + ExitCodes.HelpText,
        };
        void Add(Command command, string text)
        {
            root.Subcommands.Add(command);
            examples[command] = text + Environment.NewLine + Environment.NewLine + ExitCodesHint;
        }
        var services = new HashSet<Command>();
        void AddService(Command command, string text)
        {
            root.Subcommands.Add(command);
            services.Add(command);
            examples[command] = text + Environment.NewLine + ServiceCommand.PassThroughNote;
        }
        Add(SubmitCommand.Create(global, context), SubmitCommand.Examples);
        Add(ListCommand.Create(global, context), ListCommand.Examples);
        Add(ShowCommand.Create(global, context), ShowCommand.Examples);
        var pipeline = PipelineCommand.Create(global, context);
        Add(pipeline, PipelineCommand.Examples);
        examples[pipeline.Subcommands.Single(c => c.Name == "show")] = PipelineCommand.Examples;
        Add(CancelCommand.Create(global, context), CancelCommand.Examples);
        Add(RetryCommand.Create(global, context), RetryCommand.Examples);
        Add(LogsCommand.Create(global, context), LogsCommand.Examples);
        Add(WatchCommand.Create(global, context), WatchCommand.Examples);
        Add(StatsCommand.Create(global, context), StatsCommand.Examples);
        Add(ReportCommand.Create(global, context), ReportCommand.Examples);
        Add(PruneCommand.Create(global, context), PruneCommand.Examples);
        Add(BatchCommand.Create(global, context), BatchCommand.Examples);
        var dispatch = DispatchCommand.Create(global, context);
        Add(dispatch, DispatchCommand.Examples);
        foreach (var sub in dispatch.Subcommands)
            examples[sub] = DispatchCommand.Examples + Environment.NewLine + Environment.NewLine + ExitCodesHint;
        Add(ScheduleCommand.Create(global, context), ScheduleCommand.Examples);
        var workers = WorkersCommand.Create(global, context);
        Add(workers, WorkersCommand.Examples);
        examples[workers.Subcommands.Single(c => c.Name == "resume")] = WorkersCommand.ResumeExamples + Environment.NewLine + Environment.NewLine
            + ExitCodesHint;
        foreach (var drain in workers.Subcommands.Where(c => c.Name is "drain" or "undrain"))
            examples[drain] = WorkersCommand.DrainExamples + Environment.NewLine + Environment.NewLine + ExitCodesHint;
        var breakers = BreakersCommand.Create(global, context);
        Add(breakers, BreakersCommand.Examples);
        examples[breakers.Subcommands.Single(c => c.Name == "reset")] = BreakersCommand.ResetExamples + Environment.NewLine + Environment.NewLine
            + ExitCodesHint;
        Add(LocalCommand.Create(global, context), LocalCommand.Examples);
        Add(DemoCommand.Create(context), DemoCommand.Examples);
        AddService(CoordinatorCommand.Create(), CoordinatorCommand.Examples);
        AddService(WorkerCommand.Create(), WorkerCommand.Examples);
        var completion = CompletionCommand.Create(context);
        root.Subcommands.Add(completion);
        examples[completion] = CompletionCommand.Examples;
        var broker = BrokerCommand.Create(context);
        root.Subcommands.Add(broker);
        examples[broker.Subcommands.Single(c => c.Name == "users")] = BrokerCommand.UsersExamples;
        var config = ConfigCommand.Create(global, context);
        root.Subcommands.Add(config);
        examples[config.Subcommands.Single(c => c.Name == "check")] = ConfigCommand.CheckExamples;

        var help = root.Options.OfType<HelpOption>().Single();
        Option[] clientOptions = [global.Url, global.ApiKey, global.Config, global.Json, global.Insecure];
        help.Action = new HelpWithExamplesAction((HelpAction)help.Action!, examples, services, clientOptions);
        var suggest = root.Directives.OfType<SuggestDirective>().Single();
        suggest.Action = new SuggestWithoutClientOptionsAction((SynchronousCommandLineAction)suggest.Action!, services, clientOptions);
        return root;
    }

    /// <summary>Runs the CLI with output captured by the caller (tests, or any host that is not the console).</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        InvokeAsync(args, CliContext.Captured(stdout, stderr), cancellationToken);

    public static async Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var parseResult = Build(context).Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            // Failures are reported below as one line and an exit code, never as a stack trace.
            EnableDefaultExceptionHandler = false,
        };
        // stamina local stops its host on Ctrl+C and SIGTERM itself and drains its workers, which takes longer
        // than the parser's grace period before it gives up on a cancelled command.
        // So do the services' hosts (stamina coordinator / worker): Ctrl+C and SIGTERM are theirs to handle.
        if (parseResult.CommandResult.Command.Name is LocalCommand.Name or CoordinatorCommand.Name or WorkerCommand.Name)
            invocation.ProcessTerminationTimeout = null;
        if (parseResult.Action is ParseErrorAction parseError)
        {
            // Errors and a pointer to the help, not the whole help: the mistake should be the last thing on screen.
            parseError.ShowHelp = false;
            // Its typo suggestions ("Did you mean list?") go to Output by default; a script's stdout must stay clean.
            await parseResult.InvokeAsync(new InvocationConfiguration { Output = context.Error, Error = context.Error }, cancellationToken);
            await context.Error.WriteLineAsync($"See '{HelpCommandLine(parseResult)} --help'.");
            return ExitCodes.Usage;
        }
        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken);
        }
        catch (CliException exception)
        {
            await context.Error.WriteLineAsync($"stamina: {exception.Message}");
            if (exception.ExitCode == ExitCodes.Usage)
                await context.Error.WriteLineAsync($"See '{HelpCommandLine(parseResult)} --help'.");
            return exception.ExitCode;
        }
        catch (OperationCanceledException)
        {
            // Request timeouts became CoordinatorExceptions in the client; what is left is Ctrl+C.
            await context.Error.WriteLineAsync("stamina: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception exception)
        {
            await context.Error.WriteLineAsync($"stamina: unexpected error: {exception.GetType().Name}: {exception.Message}");
            return ExitCodes.Unexpected;
        }
    }

    static string HelpCommandLine(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as CommandResult)
            names.Insert(0, result.Command.Name);
        names[0] = "stamina";
        return string.Join(' ', names);
    }
}
