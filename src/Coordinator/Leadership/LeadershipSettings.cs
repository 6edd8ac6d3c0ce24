using System.ComponentModel.DataAnnotations;

namespace Stamina.Coordinator.Leadership;

/// <summary>Section <c>Stamina:Leadership</c>: how coordinators on one PostgreSQL elect the one that runs the singleton loops.</summary>
public sealed class LeadershipSettings
{
    public const string Section = "Stamina:Leadership";

    /// <summary>
    /// How often a standby tries to take the leader's lock and the leader checks that its lock's connection is alive. A
    /// dead leader's loops resume on another replica within about this; a leader whose check fails, or takes half of
    /// <see cref="SessionTimeout"/>, steps down at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The database ends the leader's lock session after this long without a query (PostgreSQL's
    /// <c>idle_session_timeout</c>), so a frozen leader (a stopped process, a paused VM) hands over too. Keep it a few
    /// poll intervals (at least three): a cut-off leader must have stepped down before its session ends.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A gap between this replica's clock and the database's beyond this is logged as a warning (see docs/architecture.md, clock skew).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan SkewWarning { get; set; } = TimeSpan.FromMilliseconds(500);
}
