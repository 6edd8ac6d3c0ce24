using MassTransit;

namespace Stamina.Worker.Tests.Facts;

/// <summary>Hands every request of its type to the <see cref="ScriptedCoordinator{TRequest}"/>.</summary>
public sealed class ScriptedResponder<TRequest>(ScriptedCoordinator<TRequest> script) : IConsumer<TRequest> where TRequest : class
{
    public Task Consume(ConsumeContext<TRequest> context) => script.AnswerAsync(context);
}
