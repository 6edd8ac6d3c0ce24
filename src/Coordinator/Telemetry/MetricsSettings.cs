using System.ComponentModel.DataAnnotations;

namespace Stamina.Coordinator.Telemetry;

/// <summary>Section <c>Stamina:Metrics</c>.</summary>
public sealed class MetricsSettings
{
    public const string Section = "Stamina:Metrics";

    /// <summary>How often the gauges (items by state, workers, accounts, running attempts) are read from the database.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(5);
}
