using System.CommandLine;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina cancel ID</c>.</summary>
static class CancelCommand
{
    public const string Examples = """
        Examples:
          stamina cancel 3f2a1b4c

        A Queued item is cancelled at once; a Running item's worker is told to stop its process.
        A finished item cannot be cancelled (exit code 7).
        """;

    public static Command Create(GlobalOptions global, CliContext context) =>
        ItemOperationCommand.Create("cancel", "Cancel a work item that has not finished", "Cancelled",
            (client, id, cancellationToken) => client.CancelItemAsync(id, cancellationToken), global, context);
}
