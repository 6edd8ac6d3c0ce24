using MassTransit;
using Stamina.Contracts;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.WorkItems.Proofs;

namespace Stamina.Coordinator.Senders;

/// <summary>
/// Drops a worker's message whose validated broker user may not speak for the worker it names
/// (<see cref="BrokerUserRule"/>), before any consumer sees it. Messages of the in-memory bus (local mode) carry no
/// broker user and pass.
/// </summary>
public sealed class BrokerUserFilter<T>(CoordinatorMetrics metrics, ILogger<BrokerUserFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    static readonly bool IsWorkerMessage =
        MessageRoutes.ByType.TryGetValue(typeof(T), out var route) && route == MessageRoute.WorkerToCoordinator;

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (IsWorkerMessage && context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit))
        {
            var worker = ReportSender.WorkerOf(context.Message);
            var user = rabbit.Properties.UserId;
            if (!BrokerUserRule.Allows(user, worker))
            {
                metrics.ReportRejected(ReportRefusals.Impersonated, typeof(T).Name);
                logger.LogWarning("Dropped {MessageType} naming worker {Worker} from broker user {User}: that user may not speak for it",
                    typeof(T).Name, Shorten(worker), Shorten(user) ?? "(none)");
                return;
            }
        }
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("brokerUser");

    // Names come from the message, chosen by whoever sent it: keep log lines short.
    static string? Shorten(string? text) => text is { Length: > 100 } ? text[..100] + "…" : text;
}
