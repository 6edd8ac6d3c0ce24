namespace Stamina.Worker.Execution;

/// <summary>The attempt cannot start (bad input, unreachable repository, unknown base): its failure, never the worker's.</summary>
public sealed class AttemptSetupException(string errorClass, string message, Exception? inner = null) : Exception(message, inner)
{
    public string ErrorClass { get; } = errorClass;
}
