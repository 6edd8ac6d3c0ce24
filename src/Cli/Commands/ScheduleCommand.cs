using System.CommandLine;
using Stamina.Cli.Api;
using Stamina.Cli.Batch;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina schedule add|list|show|remove|pause|resume</c>: batches the coordinator creates on a cron schedule.</summary>
static class ScheduleCommand
{
    public const string Examples = """
        Examples:
          stamina schedule add --cron "0 22 * * 1-5" --tz Europe/Berlin -f night.yml --name nightly
          stamina schedule add --cron "30 1 * * *" --tz UTC -f cleanup.yml --missed run --overlap run
          stamina schedule list
          stamina schedule show nightly
          stamina schedule pause nightly
          stamina schedule resume nightly
          stamina schedule remove 3f2a1b4c

        At each occurrence the coordinator creates the file's tasks as one batch, exactly once, even with two coordinators.
        --missed: an occurrence that passed while no coordinator ran: skip (default) or run it late (the latest one only).
        --overlap: an occurrence while the previous batch still runs: skip (default, recorded) or run anyway.
        A schedule is named by its id, the start of its id, or its name.
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var command = new Command("schedule", "Create batches from a task file on a cron schedule");
        command.Subcommands.Add(CreateAdd(global, context));
        command.Subcommands.Add(CreateList(global, context));
        command.Subcommands.Add(CreateShow(global, context));
        command.Subcommands.Add(CreateChange("remove", "Remove a schedule (the batches it made stay)", global, context, async (client, id, ct) =>
        {
            await client.RemoveScheduleAsync(id, ct);
            return null;
        }));
        command.Subcommands.Add(CreateChange("pause", "Pause a schedule: its occurrences pass unfired and unrecorded", global, context,
            async (client, id, ct) => await client.SetSchedulePausedAsync(id, true, ct)));
        command.Subcommands.Add(CreateChange("resume", "Resume a paused schedule from its next occurrence", global, context,
            async (client, id, ct) => await client.SetSchedulePausedAsync(id, false, ct)));
        return command;
    }

    static Command CreateAdd(GlobalOptions global, CliContext context)
    {
        var cron = new Option<string>("--cron") { Description = "When: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first", Required = true };
        var zone = new Option<string>("--tz") { Description = "The clock the cron expression is read on: an IANA time zone (Europe/Berlin, UTC)", Required = true };
        var file = new Option<string>("--file", "-f") { Description = "The task file (as for 'stamina submit -f') to create as a batch at each occurrence", Required = true };
        var name = new Option<string?>("--name") { Description = "A name for the schedule (default: the file's name)" };
        var missed = new Option<string?>("--missed") { Description = "An occurrence missed while no coordinator ran: skip (default) or run (late, the latest only)" };
        missed.AcceptOnlyFromAmong("run", "skip");
        var overlap = new Option<string?>("--overlap") { Description = "An occurrence while the previous batch still runs: skip (default) or run" };
        overlap.AcceptOnlyFromAmong("skip", "run");
        var command = new Command("add", "Add a schedule") { cron, zone, file, name, missed, overlap };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(file);
            // The same conversion as 'submit -f': tasks keyed by name, after/baseFrom naming those keys.
            var batch = await BatchFile.ReadAsync(path, cancellationToken);
            var request = new ScheduleAddRequest
            {
                Name = parseResult.GetValue(name) ?? Path.GetFileNameWithoutExtension(path),
                Cron = parseResult.GetRequiredValue(cron),
                TimeZone = parseResult.GetRequiredValue(zone),
                Missed = parseResult.GetValue(missed),
                Overlap = parseResult.GetValue(overlap),
                Batch = batch.Request,
            };
            using var client = global.CreateClient(parseResult, context);
            var added = await client.AddScheduleAsync(request, cancellationToken);
            if (global.WantsJson(parseResult))
            {
                JsonOutput.Write(context, added.Json);
            }
            else
            {
                await context.Out.WriteLineAsync($"{added.Value.Id:D}  {added.Value.Name}  next: "
                    + $"{added.Value.NextOccurrenceLocal:yyyy-MM-dd HH:mm:ss zzz} ({added.Value.TimeZone})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    static Command CreateList(GlobalOptions global, CliContext context)
    {
        var command = new Command("list", "List the schedules: next occurrence (on their clock and in UTC), last occurrence and its outcome");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var list = await client.ListSchedulesAsync(cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, list.Json);
            else
                ConsoleFactory.Render(context, console => ScheduleTable.Write(console, list.Value.Schedules, context.Clock.GetUtcNow()));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command CreateShow(GlobalOptions global, CliContext context)
    {
        var id = new Argument<string>("SCHEDULE") { Description = "The schedule's id, the start of it, or its name" };
        var command = new Command("show", "Show a schedule and its recent occurrences with their batches") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var guid = await ScheduleIdResolver.ResolveAsync(client, parseResult.GetRequiredValue(id), cancellationToken);
            var schedule = await client.GetScheduleAsync(guid, cancellationToken);
            if (global.WantsJson(parseResult))
                JsonOutput.Write(context, schedule.Json);
            else
                ConsoleFactory.Render(context, console => ScheduleTable.WriteDetails(console, schedule.Value, context.Clock.GetUtcNow()));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command CreateChange(string verb, string description, GlobalOptions global, CliContext context,
        Func<CoordinatorClient, Guid, CancellationToken, Task<ApiResponse<ScheduleInfo>?>> change)
    {
        var id = new Argument<string>("SCHEDULE") { Description = "The schedule's id, the start of it, or its name" };
        var command = new Command(verb, description) { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = global.CreateClient(parseResult, context);
            var guid = await ScheduleIdResolver.ResolveAsync(client, parseResult.GetRequiredValue(id), cancellationToken);
            var answer = await change(client, guid, cancellationToken);
            if (global.WantsJson(parseResult))
            {
                JsonOutput.Write(context, answer?.Json ?? $"{{\"id\":\"{guid:D}\",\"removed\":true}}");
            }
            else
            {
                await context.Out.WriteLineAsync(verb switch
                {
                    "remove" => $"Removed schedule {guid:D}",
                    "pause" => $"Paused schedule {guid:D}",
                    _ => $"Resumed schedule {guid:D}; next: {answer?.Value.NextOccurrenceLocal:yyyy-MM-dd HH:mm:ss zzz}",
                });
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
