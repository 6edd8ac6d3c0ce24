namespace Stamina.Testing;

/// <summary>How a test fleet runs: the scenarios of the core issue run both ways.</summary>
public enum FleetMode
{
    /// <summary>A coordinator process and worker processes on PostgreSQL and RabbitMQ.</summary>
    Processes,

    /// <summary><c>stamina local</c>: everything in one process on SQLite and the in-memory bus.</summary>
    Local,
}
