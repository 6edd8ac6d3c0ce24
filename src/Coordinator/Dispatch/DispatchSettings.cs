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

    /// <summary>
    /// Aging against starvation: a queued item's priority is raised by one for every <see cref="AgingAfter"/> it has
    /// waited (since its not-before time, else its submission), by at most <see cref="AgingMaxBoost"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan AgingAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The most aging adds to a priority; 0 turns aging off.</summary>
    [Range(0, 2000)]
    public int AgingMaxBoost { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ReaperInterval { get; set; } = TimeSpan.FromSeconds(2);
}
