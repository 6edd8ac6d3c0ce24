using Stamina.Cli.Api;

namespace Stamina.Cli.Commands;

/// <summary>A schedule named on the command line: its full id, the start of it (as <c>schedule list</c> shows), or its exact name.</summary>
static class ScheduleIdResolver
{
    public static async Task<Guid> ResolveAsync(CoordinatorClient client, string text, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(text, out var id))
            return id;
        var schedules = (await client.ListSchedulesAsync(cancellationToken)).Value.Schedules;
        var matches = schedules.Where(s => s.Name == text).ToList();
        if (matches.Count == 0 && text.Length >= Parsing.ItemIdText.MinimumPrefixLength)
            matches = schedules.Where(s => s.Id.ToString("D").StartsWith(text, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw new CliException(ExitCodes.NotFound, $"no schedule has the id or name '{text}'; see 'stamina schedule list'"),
            _ => throw new CliException(ExitCodes.Usage,
                $"'{text}' names {matches.Count} schedules ({string.Join(", ", matches.Select(s => s.Id))}); give the full id"),
        };
    }
}
