namespace Stamina.EndToEnd.Tests.Fuzzing;

/// <summary>
/// A queue a process consumes and the message types it takes there (names as in <see cref="AbsurdMessages"/>).
/// <paramref name="Parks"/>: what no consumer takes is moved to the queue's <c>_error</c> or <c>_skipped</c> queue.
/// A bus's own reply queue does not park: MassTransit configures it to discard faulted and skipped messages
/// (<c>TransportRegistrationBusFactory</c>: <c>DiscardFaultedMessages</c>, <c>DiscardSkippedMessages</c>).
/// </summary>
sealed record FuzzTarget(string Queue, IReadOnlyList<string> Types, bool Parks = true);
