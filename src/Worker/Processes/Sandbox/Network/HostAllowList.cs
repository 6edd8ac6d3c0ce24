using System.Globalization;
using System.Text.RegularExpressions;

namespace Stamina.Worker.Processes.Sandbox.Network;

/// <summary>The hosts a sandboxed command may reach through the worker's proxy (<see cref="HostRule"/>); nothing else.</summary>
public sealed partial class HostAllowList
{
    readonly HostRule[] rules;

    HostAllowList(IEnumerable<HostRule> rules) => this.rules = [.. rules.Distinct().OrderBy(rule => rule.ToString(), StringComparer.Ordinal)];

    public IReadOnlyList<HostRule> Rules => rules;

    /// <summary>Names the list, the same for the same rules in any order: one proxy serves each distinct list.</summary>
    public string Key => string.Join(',', rules.Select(rule => rule.ToString()));

    public bool IsEmpty => rules.Length == 0;

    public bool Allows(string host, int port)
    {
        var name = Normalize(host);
        return rules.Any(rule => rule.Allows(name, port));
    }

    public HostAllowList With(HostAllowList other) => new([.. rules, .. other.rules]);

    /// <exception cref="FormatException">An entry is not a host name, <c>*.</c>suffix or IPv4 address with an optional port; the message names it.</exception>
    public static HostAllowList Parse(IEnumerable<string> entries) => new(entries.Select(ParseRule));

    static HostRule ParseRule(string entry)
    {
        var match = Entry().Match(entry.Trim());
        if (!match.Success)
            throw new FormatException($"'{entry}' is not a host name, '*.domain' or IPv4 address, with an optional ':port'");
        int? port = null;
        if (match.Groups["port"].Success)
        {
            if (!int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
                throw new FormatException($"'{entry}': the port must be between 1 and 65535");
            port = number;
        }
        return new HostRule(Normalize(match.Groups["host"].Value), match.Groups["wild"].Success, port);
    }

    /// <summary>Host names compare without case and without a trailing dot.</summary>
    static string Normalize(string host) => host.TrimEnd('.').ToLowerInvariant();

    [GeneratedRegex(@"^(?<wild>\*\.)?(?<host>[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?)(?::(?<port>[0-9]{1,5}))?$")]
    private static partial Regex Entry();
}
