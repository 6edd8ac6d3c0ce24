namespace Stamina.Coordinator.Schedules;

/// <summary>Checks <c>POST /api/schedules</c> field by field: the cron expression, the time zone, the policies and the batch.</summary>
public sealed class ScheduleValidator(ScheduledBatchCheck batches, TimeProvider clock)
{
    public const int MaxNameLength = 200;

    public async Task<(ValidSchedule? Schedule, IReadOnlyDictionary<string, string[]> Errors)> ValidateAsync(ScheduleRequest request,
        CancellationToken cancellationToken)
    {
        var errors = await batches.CheckAsync(request.Batch, "batch", cancellationToken);
        if (!ScheduleCron.TryParse(request.Cron, out var expression, out var cronError))
            errors["cron"] = [cronError];
        if (!ScheduleCron.TryFindZone(request.TimeZone, out var zone, out var zoneError))
            errors["timeZone"] = [zoneError];
        if (expression is not null && zone is not null && expression.GetNextOccurrence(clock.GetUtcNow(), zone) is null)
            errors["cron"] = [$"'{request.Cron!.Trim()}' never occurs again"];
        var missed = Policy(request.Missed, SchedulePolicies.DefaultMissed, "missed", errors);
        var overlap = Policy(request.Overlap, SchedulePolicies.DefaultOverlap, "overlap", errors);
        var name = (request.Name ?? request.Batch?.Name ?? "").Trim();
        if (name.Length == 0)
            name = "schedule";
        if (name.Length > MaxNameLength || name.Any(char.IsControl))
            errors["name"] = [$"a name is at most {MaxNameLength} characters, without control characters"];
        if (errors.Count > 0)
            return (null, errors);
        return (new ValidSchedule(name, request.Cron!.Trim(), request.TimeZone!.Trim(), missed, overlap, request.Batch!), errors);
    }

    static string Policy(string? value, string fallback, string field, Dictionary<string, string[]> errors)
    {
        var policy = value?.Trim().ToLowerInvariant() ?? fallback;
        if (!SchedulePolicies.All.Contains(policy))
            errors[field] = [$"'{value}' is not a policy; use {SchedulePolicies.Run} or {SchedulePolicies.Skip}"];
        return policy;
    }
}
