using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Spectre.Console;
using Stamina.Cli.Api;
using Stamina.Cli.Demo;
using Stamina.Cli.Render;
using Stamina.Local;

namespace Stamina.Cli.Commands;

/// <summary>
/// <c>stamina demo</c>: a sample repository, a small night shift, three local workers in this process, a live
/// board, and a summary with the branches to look at. Nothing to install but the .NET SDK.
/// </summary>
static class DemoCommand
{
    public const string Examples = """
        Examples:
          stamina demo
          stamina demo --workers 2 --tasks 4
          stamina demo --agent fake --data-dir /tmp/stamina-demo

        The demo uses the real claude when it is installed and logged in, otherwise the fake agent, and says
        which. Its repository, database and worktrees live in --data-dir (a new temporary directory by default).
        Exit code 0 when every task succeeded, 1 otherwise.
        """;

    static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(700);

    public static Command Create(CliContext context)
    {
        var workers = new Option<int>("--workers") { Description = "Local workers [default: 3]", DefaultValueFactory = _ => 3 };
        var tasks = new Option<int>("--tasks") { Description = $"Tasks in the night shift, 1-{DemoTasks.Max} [default: 6]", DefaultValueFactory = _ => 6 };
        var agent = new Option<string>("--agent") { Description = "auto, claude or fake [default: auto]", DefaultValueFactory = _ => "auto" };
        agent.AcceptOnlyFromAmong("auto", "claude", "fake");
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the demo keeps its repository and database", HelpName = "DIR" };
        var command = new Command("demo", "Run a small night shift on this machine, with nothing to install") { workers, tasks, agent, dataDir };
        workers.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 8)
                result.AddError("--workers must be between 1 and 8");
        });
        tasks.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > DemoTasks.Max)
                result.AddError($"--tasks must be between 1 and {DemoTasks.Max}");
        });
        command.SetAction((parseResult, cancellationToken) => RunAsync(context, parseResult.GetValue(workers), parseResult.GetValue(tasks),
            parseResult.GetValue(agent)!, parseResult.GetValue(dataDir), cancellationToken));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, int workerCount, int taskCount, string agentChoice, string? dataDir, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(dataDir ?? Path.Combine(Path.GetTempPath(), $"stamina-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}"));
        var agent = DemoAgent.Choose(agentChoice);
        var repository = DemoRepository.Create(Path.Combine(root, "calc"));
        await context.Out.WriteLineAsync($"Stamina demo: {taskCount} tasks on {workerCount} local workers, running {agent.Description}.");
        await context.Out.WriteLineAsync($"Repository: {repository}");

        var settings = new Dictionary<string, string?>(agent.Settings)
        {
            ["Stamina:AllowedLocalRoots:0"] = root,
            ["Stamina:Worker:HeartbeatInterval"] = "00:00:02",
            ["Stamina:Leases:HeartbeatInterval"] = "00:00:02",
            ["Stamina:Leases:RetryBaseDelay"] = "00:00:00.500",
        };
        await using var fleet = LocalFleet.Create(new LocalOptions
        {
            Workers = workerCount,
            DataDir = Path.Combine(root, "stamina"),
            Port = FreePort(),
            Settings = settings,
            ConsoleLogging = false,
        });
        await fleet.StartAsync(cancellationToken);
        try
        {
            using var client = new CoordinatorClient(fleet.Url, fleet.ApiKey);
            var ids = new List<Guid>();
            foreach (var prompt in DemoTasks.Prompts(taskCount, fake: !agent.Real))
            {
                var item = await client.SubmitAsync(new SubmitItemRequest
                {
                    Repo = repository,
                    Harness = "claude",
                    Prompt = prompt,
                    SkillLevel = "junior",
                    Timeout = agent.Real ? "15m" : "2m",
                    MaxBudgetUsd = agent.Real ? 1m : null,
                }, cancellationToken);
                ids.Add(item.Value.Id);
            }
            await context.Out.WriteLineAsync($"Submitted {ids.Count} tasks. Web page: {fleet.Url} (API key in {Path.Combine(fleet.DataDir, "api-key")})");
            await WatchAsync(context, client, cancellationToken);

            var items = new List<WorkItem>();
            foreach (var id in ids)
                items.Add((await client.GetItemAsync(id, cancellationToken)).Value);
            return await SummarizeAsync(context, repository, items);
        }
        finally
        {
            await fleet.StopAsync(CancellationToken.None);
        }
    }

    static async Task WatchAsync(CliContext context, CoordinatorClient client, CancellationToken cancellationToken)
    {
        var poller = new WatchPoller(client, pool: null, context.Clock);
        await ConsoleFactory.RenderAsync(context, async console =>
        {
            if (!context.OutputIsTerminal)
            {
                // Redirected: one line per change of the counts, not a board per refresh.
                var last = "";
                while (true)
                {
                    var snapshot = await poller.TakeAsync(cancellationToken);
                    var line = $"{snapshot.Active.Count} queued or running, {snapshot.Finished.Count} finished";
                    if (line != last)
                        await context.Out.WriteLineAsync(line);
                    last = line;
                    if (snapshot.Done)
                        return;
                    await Task.Delay(Refresh, context.Clock, cancellationToken);
                }
            }
            await console.Live(new Text("")).StartAsync(async live =>
            {
                while (true)
                {
                    var snapshot = await poller.TakeAsync(cancellationToken);
                    live.UpdateTarget(WatchView.Build(snapshot, pool: null));
                    if (snapshot.Done)
                        return;
                    await Task.Delay(Refresh, context.Clock, cancellationToken);
                }
            });
        });
    }

    static async Task<int> SummarizeAsync(CliContext context, string repository, IReadOnlyList<WorkItem> items)
    {
        await ConsoleFactory.RenderAsync(context, console =>
        {
            var table = new Table().AddColumns("task", "state", "attempts", "turns", "cost", "branch");
            foreach (var item in items)
            {
                var task = (item.Prompt ?? "").Split('\n')[0];
                table.AddRow(Markup.Escape(task.Length > 48 ? task[..47] + "…" : task), Markup.Escape(item.State ?? ""),
                    item.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    (item.Attempts?.Sum(a => a.Turns) ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    item.CostUsd is { } cost ? $"${cost:0.00}" : "-", Markup.Escape(item.Result?.Branch ?? "-"));
            }
            console.Write(table);
            return Task.CompletedTask;
        });
        var succeeded = items.Count(i => i.State == "Succeeded");
        await context.Out.WriteLineAsync($"{succeeded} of {items.Count} tasks succeeded.");
        var first = items.FirstOrDefault(i => i.Result?.Branch is not null)?.Result?.Branch;
        if (first is not null)
        {
            await context.Out.WriteLineAsync("Look at the work:");
            await context.Out.WriteLineAsync($"  git -C {repository} branch --list 'stamina/*'");
            await context.Out.WriteLineAsync($"  git -C {repository} log --stat main..{first}");
        }
        return succeeded == items.Count ? ExitCodes.Ok : ExitCodes.ItemFailed;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
