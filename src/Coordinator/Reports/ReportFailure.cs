namespace Stamina.Coordinator.Reports;

/// <summary>Failed attempts that share a <see cref="FailureSignature"/>.</summary>
public sealed record ReportFailure
{
    public string Signature { get; init; } = "";
    public string ErrorClass { get; init; } = "";
    public int Count { get; init; }

    /// <summary>The first (oldest) message of the group, as recorded.</summary>
    public string? Example { get; init; }

    /// <summary>Up to <see cref="ReportQueries.ExampleItems"/> items, oldest failure first.</summary>
    public IReadOnlyList<Guid> ItemIds { get; init; } = [];
}
