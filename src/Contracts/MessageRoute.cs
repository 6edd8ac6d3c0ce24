namespace Stamina.Contracts;

/// <summary>Who may put a contract on the broker, and where it goes; broker permissions are derived from it.</summary>
public enum MessageRoute
{
    /// <summary>Not a message: a part of one (a record, an enum or a constants class).</summary>
    Part,

    /// <summary>Published or requested by a worker, consumed by the coordinator.</summary>
    WorkerToCoordinator,

    /// <summary>Published by the coordinator to every worker (each binds its own temporary queue).</summary>
    CoordinatorToWorkers,

    /// <summary>Sent by the coordinator's dispatcher to a pool's queue.</summary>
    CoordinatorToPool,

    /// <summary>The coordinator's answer to a request, sent to the requester's own bus endpoint only.</summary>
    CoordinatorReply,
}
