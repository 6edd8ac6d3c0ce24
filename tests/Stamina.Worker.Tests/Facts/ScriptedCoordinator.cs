using System.Collections.Concurrent;
using MassTransit;

namespace Stamina.Worker.Tests.Facts;

/// <summary>
/// The coordinator's side of one request type, played from a script: each request takes the next answer (the last
/// one repeats). An answer may respond, throw (the requester sees a fault) or stay silent (the request times out).
/// Every request is recorded with the fake clock's time, so a fact can check when it was asked.
/// </summary>
public sealed class ScriptedCoordinator<TRequest>(TimeProvider clock) where TRequest : class
{
    readonly ConcurrentQueue<Func<ConsumeContext<TRequest>, Task>> answers = new();
    Func<ConsumeContext<TRequest>, Task> last = _ => Task.CompletedTask;

    public ConcurrentQueue<(TRequest Request, DateTimeOffset At)> Asked { get; } = new();

    public ScriptedCoordinator<TRequest> Then<TAnswer>(TAnswer answer) where TAnswer : class =>
        Then(context => context.RespondAsync(answer));

    /// <summary>No answer at all: a coordinator, database or broker that is down.</summary>
    public ScriptedCoordinator<TRequest> ThenSilence() => Then(_ => Task.CompletedTask);

    /// <summary>A fault instead of an answer: the requester's request throws.</summary>
    public ScriptedCoordinator<TRequest> ThenFault() => Then(_ => throw new InvalidOperationException("the coordinator broke"));

    public ScriptedCoordinator<TRequest> Then(Func<ConsumeContext<TRequest>, Task> answer)
    {
        answers.Enqueue(answer);
        return this;
    }

    internal Task AnswerAsync(ConsumeContext<TRequest> context)
    {
        Asked.Enqueue((context.Message, clock.GetUtcNow()));
        if (answers.TryDequeue(out var next))
            last = next;
        return last(context);
    }
}
