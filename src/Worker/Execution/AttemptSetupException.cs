namespace Stamina.Worker.Execution;

/// <summary>
/// The attempt fails with <see cref="ErrorClass"/>: it cannot start (bad input, unreachable repository, unknown base, a
/// program that is not there) or its work cannot be saved. Its failure, never the worker's.
/// </summary>
public sealed class AttemptSetupException(string errorClass, string message, Exception? inner = null) : Exception(message, inner)
{
    public string ErrorClass { get; } = errorClass;
}
