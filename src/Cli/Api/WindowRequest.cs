namespace Stamina.Cli.Api;

/// <summary>The window a user asked for (<c>--since</c>, <c>--from</c>, <c>--to</c>), sent as typed; the coordinator reads it.</summary>
sealed record WindowRequest(string? Since = null, string? From = null, string? To = null)
{
    public string Query
    {
        get
        {
            var parts = new[] { ("since", Since), ("from", From), ("to", To) }
                .Where(p => p.Item2 is not null)
                .Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!.Trim()))
                .ToList();
            return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
        }
    }
}
