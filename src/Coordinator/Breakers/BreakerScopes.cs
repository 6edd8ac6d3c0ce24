namespace Stamina.Coordinator.Breakers;

/// <summary>What a breaker guards: a repository (its items wait) or an account (its workers take no claims).</summary>
public static class BreakerScopes
{
    public const string Repo = "repo";
    public const string Account = "account";
}
