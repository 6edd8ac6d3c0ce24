namespace Stamina.EndToEnd.Tests.Chaos;

/// <summary>What a chaos run does to the fleet.</summary>
enum FaultKind
{
    /// <summary>kill -9 a worker, then start it again under the same name, as a supervisor would.</summary>
    KillWorker,

    /// <summary>SIGSTOP a worker for two to three leases, then SIGCONT.</summary>
    FreezeWorker,

    /// <summary>Stop the coordinator (SIGTERM or SIGKILL) and start it again.</summary>
    RestartCoordinator,

    /// <summary>Stop RabbitMQ's application and start it again (every connection drops).</summary>
    RestartBroker,

    /// <summary>Stop the fleet's PostgreSQL for a few seconds, then start it again.</summary>
    RestartDatabase,

    /// <summary>Cut the worker in its own network namespace off for two to three leases, then join it again.</summary>
    CutNetwork,
}
