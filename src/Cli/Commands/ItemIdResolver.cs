using Stamina.Cli.Api;

namespace Stamina.Cli.Commands;

/// <summary>
/// Turns what the user typed into a full item id. The tables show only the first 8 characters, so a prefix is
/// accepted and matched against the newest items; a full id is used as is, without the extra request.
/// </summary>
static class ItemIdResolver
{
    /// <summary>The most items the coordinator returns in one list.</summary>
    public const int SearchLimit = 1000;

    public static async Task<Guid> ResolveAsync(CoordinatorClient client, string text, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(text, out var id))
            return id;
        var recent = await client.ListItemsAsync(null, null, SearchLimit, cancellationToken);
        var matches = recent.Value.Items.Select(i => i.Id)
            .Where(i => i.ToString("D").StartsWith(text, StringComparison.OrdinalIgnoreCase))
            .Distinct().ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliException(ExitCodes.NotFound,
                $"no item id starts with '{text}' among the newest {SearchLimit} items; give the full id"),
            _ => throw new CliException(ExitCodes.Usage,
                $"'{text}' matches {matches.Count} items ({string.Join(", ", matches.Take(5))}{(matches.Count > 5 ? ", ..." : "")}); give more of the id"),
        };
    }
}
