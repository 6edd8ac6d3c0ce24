namespace Stamina.EndToEnd.Tests.Chaos;

/// <summary>How long and how hard a chaos run shakes the fleet.</summary>
sealed record ChaosOptions
{
    /// <summary>How long items are submitted and faults injected; the run then waits for every item to end.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);

    public int Workers { get; init; } = 5;

    /// <summary>The random choices (faults, their targets and lengths, item durations) replay with the same seed.</summary>
    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>A new item this often.</summary>
    public TimeSpan SubmitEvery { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>A fault starts this long after the previous one ended (plus up to as much again).</summary>
    public TimeSpan FaultPause { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>The faults to choose from; <c>STAMINA_CHAOS_FAULTS</c> (a comma list of <see cref="FaultKind"/> names) narrows it.</summary>
    public IReadOnlyList<FaultKind> Faults { get; init; } = FromEnvironment();

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Leases last three heartbeat intervals (the product's default ratio).</summary>
    public TimeSpan Lease => HeartbeatInterval * 3;

    /// <summary>
    /// After the faults, the longest the backlog may go without an item ending before the run calls it stuck: far
    /// beyond a reclaim's lease, reconnect allowance and one item's work.
    /// </summary>
    public TimeSpan Stall { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The longest two attempts of one item may both be working: one heartbeat interval, plus a tick of slack.</summary>
    public TimeSpan OverlapBound => HeartbeatInterval + TimeSpan.FromSeconds(1);

    static FaultKind[] FromEnvironment() => Environment.GetEnvironmentVariable("STAMINA_CHAOS_FAULTS") is { Length: > 0 } names
        ? [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name => Enum.Parse<FaultKind>(name, ignoreCase: true))]
        : Enum.GetValues<FaultKind>();
}
