namespace Stamina.EndToEnd.Tests.Fuzzing;

/// <summary>A queue a process consumes and the message types it takes there (names as in <see cref="AbsurdMessages"/>).</summary>
sealed record FuzzTarget(string Queue, IReadOnlyList<string> Types);
