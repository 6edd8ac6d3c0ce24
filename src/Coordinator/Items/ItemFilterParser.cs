using System.Globalization;
using System.Text.RegularExpressions;
using Stamina.Coordinator.Api;
using Stamina.Coordinator.WorkItems;

namespace Stamina.Coordinator.Items;

/// <summary>
/// Reads the query of <c>GET /api/items</c>. Each bad value is named with its parameter, and nothing is
/// queried while any is bad. Times are ISO 8601 (<c>2026-12-06T01:00:00Z</c>) or an age back from now (<c>12h</c>).
/// </summary>
public static partial class ItemFilterParser
{
    public const int MaxLimit = 1000;

    public static (ItemFilter? Filter, Dictionary<string, string[]> Errors) Parse(string? state, string? pool, string? label,
        string? account, string? since, string? until, string? limit, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = new ItemFilter();
        if (state is not null)
        {
            var known = WorkItemStates.All.FirstOrDefault(s => s.Equals(state, StringComparison.OrdinalIgnoreCase));
            if (known is null)
                errors["state"] = [$"unknown state '{Printable(state)}'; known: {string.Join(", ", WorkItemStates.All)}"];
            filter = filter with { State = known };
        }
        if (pool is not null)
        {
            if (!PoolName().IsMatch(pool))
                errors["pool"] = ["a pool name is 1-63 lower-case letters, digits, '-' or '_'"];
            filter = filter with { Pool = pool };
        }
        if (label is not null)
        {
            var equals = label.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !LabelKey().IsMatch(label[..equals]) || label.Length - equals - 1 > 256 || label.Any(char.IsControl))
                errors["label"] = ["expected key=value: a key of 1-63 letters, digits, '.', '-' or '_', and a value of at most 256 printable characters"];
            else
                filter = filter with { Label = new(label[..equals], label[(equals + 1)..]) };
        }
        if (account is not null)
        {
            if (account.Length is 0 or > 128 || account.Any(char.IsControl))
                errors["account"] = ["an account name is 1-128 printable characters"];
            filter = filter with { Account = account };
        }
        var from = ReadTime("since", since, now, errors);
        var to = ReadTime("until", until, now, errors);
        if (from is not null && to is not null && from >= to)
            errors["until"] = ["must be later than 'since'"];
        filter = filter with { Since = from, Until = to };
        if (limit is not null)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > MaxLimit)
                errors["limit"] = [$"must be a whole number between 1 and {MaxLimit}"];
            else
                filter = filter with { Limit = count };
        }
        return (errors.Count == 0 ? filter : null, errors);
    }

    static DateTimeOffset? ReadTime(string name, string? text, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (text is null)
            return null;
        if (IsoTimeText.TryParse(text, out var time))
            return time.ToUniversalTime();
        if (DurationText.TryParse(text, out var age) && age <= now - DateTimeOffset.UnixEpoch)
            return now - age;
        errors[name] = ["expected an ISO 8601 time with its zone such as 2026-12-06T01:00:00Z, or an age back from now such as 90m or 12h"];
        return null;
    }

    static string Printable(string text) => new([.. text.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex PoolName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex LabelKey();
}
