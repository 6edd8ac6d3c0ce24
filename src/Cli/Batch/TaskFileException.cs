namespace Stamina.Cli.Batch;

/// <summary>A task file that cannot be submitted: every problem found, each as "file:line:column: path: message".</summary>
sealed class TaskFileException(IReadOnlyList<string> problems)
    : CliException(ExitCodes.InvalidRequest, string.Join(Environment.NewLine + "stamina: ", problems) + Environment.NewLine
        + "stamina: nothing was submitted")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
