namespace Stamina.Cli;

/// <summary>The process exit codes; scripts branch on these, so they are part of the CLI's contract (docs/cli.md).</summary>
static class ExitCodes
{
    public const int Ok = 0;
    public const int Unexpected = 1;

    /// <summary><c>watch --until-done</c>: everything finished, and an item seen during the watch failed.</summary>
    public const int ItemFailed = 1;

    /// <summary><c>config check</c>: a configured check failed.</summary>
    public const int ChecksFailed = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
    public const int Unauthorized = 4;
    public const int InvalidRequest = 5;
    public const int NotFound = 6;
    public const int Conflict = 7;

    /// <summary>Interrupted by Ctrl+C: the shell convention of 128 + SIGINT.</summary>
    public const int Interrupted = 130;

    public const string HelpText = """
        Exit codes:
          0  ok
          1  unexpected error; for watch --until-done: an item failed; for config check: a check failed
          2  usage error (bad flags or arguments, a missing --config file, a stamina.yml that is not valid,
             stamina local on a data directory another stamina local is using)
          3  the coordinator is unreachable (connection refused, DNS, timeout)
          4  unauthorised: the coordinator refused the API key
          5  invalid request: the coordinator rejected a field (each field and its message are printed),
             or a task file (submit -f) has a mistake (file:line:column and the field are printed)
          6  not found
          7  conflict: the item's state does not allow the operation
        """;
}
