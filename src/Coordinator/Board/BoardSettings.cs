using System.ComponentModel.DataAnnotations;

namespace Stamina.Coordinator.Board;

/// <summary>Section <c>Stamina:Board</c>: the live event stream behind the web board (<c>GET /api/events</c>).</summary>
public sealed class BoardSettings
{
    public const string Section = "Stamina:Board";

    /// <summary>Event streams open at once; one more answers 503. Each holds a connection and a buffer.</summary>
    [Range(1, 1000)]
    public int MaxSubscribers { get; set; } = 32;

    /// <summary>Events a slow subscriber may fall behind by; beyond that its stream is closed and the browser reconnects and reloads.</summary>
    [Range(16, 100_000)]
    public int SubscriberBuffer { get; set; } = 512;

    /// <summary>How often the one background loop reads changed items and workers, only while someone listens.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A quiet stream sends a <c>ping</c> this often, so proxies and the browser see it is alive.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);
}
