namespace Stamina.Worker.Processes;

/// <summary>The command's executable does not exist or cannot be executed; nothing was started.</summary>
public sealed class ExecutableNotFoundException(string executable, string reason)
    : Exception($"Cannot run '{executable}': {reason}.")
{
    public string Executable { get; } = executable;
}
