using Stamina.ServiceDefaults.Configuration;

namespace Stamina.Worker.Processes.Sandbox.Network;

/// <summary>
/// <c>Stamina:Worker:SandboxNetwork</c>, read once at start. <c>*</c>: the machine's whole network, for every command.
/// <c>none</c>: no network at all, agents included. Otherwise a list of hosts (possibly empty): a command reaches those,
/// an agent those plus its harness's model hosts (<see cref="HarnessHosts"/>), both through the worker's filtering proxy.
/// So the default (empty) gives commands no network and agents only their model's API.
/// </summary>
public sealed class SandboxNetworkPolicy
{
    public const string Whole = "*";
    public const string Nothing = "none";

    readonly HostAllowList pool;

    SandboxNetworkPolicy(bool whole, bool nothing, HostAllowList pool)
    {
        IsWhole = whole;
        IsNothing = nothing;
        this.pool = pool;
    }

    /// <summary>Every command shares the machine's network.</summary>
    public bool IsWhole { get; }

    /// <summary>No command reaches any host.</summary>
    public bool IsNothing { get; }

    /// <summary>Some command may need the proxy (and the bridge into its sandbox).</summary>
    public bool UsesProxy => !IsWhole && !IsNothing;

    /// <exception cref="ServiceConfigurationException">An entry is not a host, or <c>*</c> / <c>none</c> is not alone.</exception>
    public static SandboxNetworkPolicy Parse(IReadOnlyList<string> entries)
    {
        var setting = $"{WorkerSettings.Section}:SandboxNetwork";
        var special = entries.Where(entry => entry is Whole or Nothing).ToList();
        if (special.Count > 0 && entries.Count > 1)
        {
            throw new ServiceConfigurationException(
                $"{setting}: '{special[0]}' must be the only entry (found {string.Join(", ", entries)}); '*' is the whole network, 'none' no network.");
        }

        try
        {
            return new SandboxNetworkPolicy(special.Contains(Whole), special.Contains(Nothing), special.Count > 0 ? HostAllowList.Parse([]) : HostAllowList.Parse(entries));
        }
        catch (FormatException exception)
        {
            throw new ServiceConfigurationException($"{setting}: {exception.Message}.");
        }
    }

    /// <summary>The hosts a command of <paramref name="harness"/> may reach (null or <c>command</c>: the command harness); empty: none.</summary>
    public HostAllowList AllowedFor(string? harness) =>
        IsWhole || IsNothing ? HostAllowList.Parse([]) : pool.With(HostAllowList.Parse(HarnessHosts.For(harness)));
}
