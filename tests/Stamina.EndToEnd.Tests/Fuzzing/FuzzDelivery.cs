using RabbitMQ.Client;

namespace Stamina.EndToEnd.Tests.Fuzzing;

/// <summary>
/// One message to publish straight to <paramref name="Target"/>'s queue (the default exchange). <paramref name="MustBeRefused"/>:
/// no consumer can take it (not a MassTransit message, or a type nobody there consumes), so it must end in the
/// queue's <c>_error</c> or <c>_skipped</c> queue, or, where the queue has none (<see cref="FuzzTarget.Parks"/>), be dropped.
/// </summary>
sealed record FuzzDelivery(int Case, FuzzTarget Target, byte[] Body, BasicProperties Properties, string Description, bool MustBeRefused)
{
    public string Queue => Target.Queue;
}
