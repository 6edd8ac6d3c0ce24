using System.CommandLine;
using Spectre.Console;
using Stamina.Cli.Parsing;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina watch</c>: a board of the queued and running items and the workers, refreshed until Ctrl+C or done.</summary>
static class WatchCommand
{
    public const string Examples = """
        Examples:
          stamina watch
          stamina watch --pool night --interval 5s
          stamina submit -f tasks.yml && stamina watch --until-done && echo all succeeded

        On a terminal the board redraws in place; redirected, one plain snapshot is printed per refresh.
        --until-done exits once nothing is queued or running: 0, or 1 if an item seen during the watch failed.
        """;

    static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var pool = new Option<string?>("--pool") { Description = "Only items and workers of this pool", HelpName = "POOL" };
        var interval = DurationOption.Create("--interval", "Time between refreshes: 1s, 2s, 1m [default: 2s]");
        var untilDone = new Option<bool>("--until-done") { Description = "Stop once no item is queued or running; exit 1 if one failed" };
        var command = new Command("watch", "Watch the queued and running items and the workers, live") { pool, interval, untilDone };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var every = parseResult.GetValue(interval) is { } text && DurationText.TryParse(text, out var parsed) ? parsed : DefaultInterval;
            var poolName = parseResult.GetValue(pool);
            var poller = new WatchPoller(client, poolName, context.Clock);
            var stopWhenDone = parseResult.GetValue(untilDone);
            WatchSnapshot? last = null;

            await ConsoleFactory.RenderAsync(context, async console =>
            {
                if (context.OutputIsTerminal)
                {
                    await console.Live(new Text("")).StartAsync(async live =>
                    {
                        while (true)
                        {
                            last = await poller.TakeAsync(cancellationToken);
                            live.UpdateTarget(WatchView.Build(last, poolName));
                            if (stopWhenDone && last.Done)
                                return;
                            await Task.Delay(every, context.Clock, cancellationToken);
                        }
                    });
                    return;
                }
                while (true)
                {
                    last = await poller.TakeAsync(cancellationToken);
                    console.Write(WatchView.Build(last, poolName));
                    console.WriteLine();
                    await context.Out.FlushAsync(cancellationToken);
                    if (stopWhenDone && last.Done)
                        return;
                    await Task.Delay(every, context.Clock, cancellationToken);
                }
            });
            return last is { AnyFailed: true } ? ExitCodes.ItemFailed : ExitCodes.Ok;
        });
        return command;
    }
}
