using System.CommandLine;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina retry ID</c>.</summary>
static class RetryCommand
{
    public const string Examples = """
        Examples:
          stamina retry 3f2a1b4c

        Only a Failed or Cancelled item can be retried (otherwise exit code 7); it is queued again with a
        fresh failure budget, and its attempt history stays.
        """;

    public static Command Create(GlobalOptions global, CliContext context) =>
        ItemOperationCommand.Create("retry", "Queue a failed or cancelled work item again", "Retried",
            (client, id, cancellationToken) => client.RetryItemAsync(id, cancellationToken), global, context);
}
