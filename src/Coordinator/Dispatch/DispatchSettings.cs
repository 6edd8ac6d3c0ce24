using System.ComponentModel.DataAnnotations;

namespace Stamina.Coordinator.Dispatch;

/// <summary>Section <c>Stamina:Dispatch</c>.</summary>
public sealed class DispatchSettings
{
    public const string Section = "Stamina:Dispatch";

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Ready messages kept in a pool's queue beyond one per consumer. Quorum queues have no priorities,
    /// so the rest wait in the database and leave it in priority order.
    /// </summary>
    [Range(1, 10_000)]
    public int Buffer { get; set; } = 2;

    /// <summary>A queued item whose message was published this long ago while its queue holds nothing ready is published again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RepublishAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sends to the broker that fail without a break for this long restart the coordinator's host.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BrokerPatience { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ReaperInterval { get; set; } = TimeSpan.FromSeconds(2);
}
