namespace Stamina.Contracts;

/// <summary>Published to every worker by an operator: the named worker (paused after an auth failure) takes work again.</summary>
public record ResumeWorker
{
    public string Name { get; init; } = "";
}
