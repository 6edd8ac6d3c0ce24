using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>
/// A fleet at the product's default timings (the settings classes' defaults), not the tests' shortened ones: a worker
/// heartbeating every second instead of every ten sends ten times the messages and costs the coordinator ten times the
/// lease renewals of a real night.
/// </summary>
static class ProductTimings
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    public static FleetOptions Fleet(int workers, IReadOnlyDictionary<string, string>? coordinatorSettings = null) => new()
    {
        Workers = workers,
        HeartbeatInterval = HeartbeatInterval,
        RetryBaseDelay = TimeSpan.FromSeconds(2),
        CoordinatorSettings = new Dictionary<string, string>
        {
            ["Stamina__Dispatch__ReaperInterval"] = "00:00:02",
            ["Stamina__Dispatch__RepublishAfter"] = "00:00:30",
        }.Concat(coordinatorSettings ?? new Dictionary<string, string>()).ToDictionary(),
    };
}
