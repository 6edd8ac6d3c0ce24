namespace Stamina.Contracts;

/// <summary>
/// Where an earlier attempt of the item left its work. The next attempt starts from <see cref="Commit"/>
/// instead of the base ref, and resumes the agent's session when it runs on the same machine and account.
/// </summary>
public record ResumePoint
{
    public int Attempt { get; init; }
    public string Branch { get; init; } = "";
    public string Commit { get; init; } = "";

    /// <summary>The commit the first attempt started from: results are measured against it.</summary>
    public string BaseCommit { get; init; } = "";
    public string? SessionId { get; init; }
    public string? Harness { get; init; }
    public string? Account { get; init; }
    public string? Machine { get; init; }
    public string? Worker { get; init; }
}
