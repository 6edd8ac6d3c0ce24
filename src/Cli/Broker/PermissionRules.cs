using System.Text.RegularExpressions;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Messaging;

namespace Stamina.Cli.Broker;

/// <summary>
/// What each part may do on the broker, derived from the code: the contracts' routes (<see cref="MessageRoutes"/>),
/// the pool queues' names (<see cref="PoolQueues"/>) and the processes' own endpoint names (<see cref="EndpointNames"/>).
/// </summary>
static class PermissionRules
{
    /// <summary>
    /// The coordinator: everything of Stamina's in its vhost (its queues, the pools', the contracts' exchanges, the
    /// workers' reply queues, faults), nothing else; administration comes from user tags, which it gets none of.
    /// </summary>
    public static BrokerPermissions Coordinator()
    {
        var all = Anchor(@"stamina\..*", @"Stamina\..*", @"MassTransit:Fault.*", ReceiveFault);
        return new BrokerPermissions(all, all, all);
    }

    /// <summary>
    /// A worker: its pool's queue, its own endpoints, the exchanges of the messages it sends (publish only) and of the
    /// broadcasts it hears (bind from only), and its faults.
    /// </summary>
    /// <remarks>
    /// The pool's queue and exchange share a name, and MassTransit binds its endpoint's queue to the exchange of the same
    /// name (binding needs write on the queue's name), so a worker may also publish into its own pool's queue. Only into
    /// its own: a forged item there is still claimed through the coordinator, which decides (docs/security.md).
    /// </remarks>
    public static BrokerPermissions Worker(WorkerAccount worker)
    {
        var own = $@"{Regex.Escape(EndpointNames.WorkerPrefix + worker.Name)}\.[a-z-]+-[0-9a-f]{{8}}(_error|_skipped)?";
        var pool = Regex.Escape(PoolQueues.QueueName(worker.Pool));
        var poolDeadEnds = $"{pool}_(error|skipped)";
        var sends = Exchanges(MessageRoutes.Routed(MessageRoute.WorkerToCoordinator));
        var hears = MessageRoutes.Routed(MessageRoute.CoordinatorToWorkers).ToList();
        var consumed = hears.Concat(MessageRoutes.Routed(MessageRoute.CoordinatorToPool)).ToList();
        // A consumer that throws publishes Fault<T>; MassTransit declares and links Fault<T>'s exchange to MassTransit:Fault.
        // A message that cannot be read at all publishes a ReceiveFault instead, before it is moved to the error queue.
        var faults = $"MassTransit:Fault(--{Exchanges(consumed)}--)?|{ReceiveFault}";
        return new BrokerPermissions(
            Configure: Anchor(own, pool, poolDeadEnds, sends, Exchanges(hears), faults),
            Write: Anchor(own, pool, poolDeadEnds, sends, faults),
            // Never read faults: bound to MassTransit:Fault a worker would see every part's failed messages.
            Read: Anchor(own, pool, Exchanges(hears)));
    }

    /// <summary>What MassTransit publishes when a delivery cannot be read (bad body, unknown type); refused, the move to the error queue fails.</summary>
    const string ReceiveFault = "MassTransit:ReceiveFault";

    /// <summary>MassTransit's exchange for a message type: <c>Namespace:Name</c>.</summary>
    public static string ExchangeName(Type type) => $"{type.Namespace}:{type.Name}";

    static string Exchanges(IEnumerable<Type> types) => "(" + string.Join('|', types.Select(t => Regex.Escape(ExchangeName(t)))) + ")";

    static string Anchor(params string[] alternatives) => "^(" + string.Join('|', alternatives) + ")$";
}
