namespace Stamina.Worker.Processes;

/// <summary>The command's executable does not exist or cannot be executed; nothing was started.</summary>
/// <param name="workerTool">One of the worker's own tools (setsid, bash) is missing: the worker's fault, not the command's.</param>
public sealed class ExecutableNotFoundException(string executable, string reason, bool workerTool = false)
    : Exception($"Cannot run '{executable}': {reason}.")
{
    public string Executable { get; } = executable;

    public bool WorkerTool { get; } = workerTool;
}
