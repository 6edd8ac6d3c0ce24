using System.ComponentModel.DataAnnotations;

namespace Stamina.Coordinator.Breakers;

/// <summary>Circuit breakers per repository and per account (section <c>Stamina:Breakers</c>).</summary>
public sealed class BreakerSettings
{
    public const string Section = "Stamina:Breakers";

    /// <summary>Off: failures are not counted and nothing is held.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Failures of this many different items with one signature within <see cref="Window"/> open the breaker.</summary>
    [Range(1, 1000)]
    public int Threshold { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The first cool-down; it doubles each time a probe fails the same way, up to <see cref="MaxCoolDown"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan CoolDown { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxCoolDown { get; set; } = TimeSpan.FromHours(1);
}
