using System.CommandLine;
using System.Text.RegularExpressions;
using Stamina.Local;
using Stamina.ServiceDefaults.Hosting;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina local</c>: the coordinator and N workers in this process, on SQLite and an in-memory bus.</summary>
static partial class LocalCommand
{
    public const string Name = "local";

    public const string Examples = """
        Examples:
          stamina local
          stamina local --workers 4 --accounts work,personal
          stamina local --data-dir /tmp/stamina --port 5099
          stamina submit --repo ~/src/api --harness claude --prompt 'fix the flaky test'   (another terminal)
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var workers = new Option<int>("--workers", "-n")
        {
            Description = "How many workers run items at once (1-64)",
            HelpName = "N",
            DefaultValueFactory = _ => 2,
        };
        workers.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 64)
                result.AddError("--workers must be between 1 and 64");
        });
        var accounts = new Option<string?>("--accounts")
        {
            Description = "Agent accounts given to the workers in turn (Stamina:Accounts:<name>:<harness> holds each config dir)",
            HelpName = "A,B,...",
        };
        accounts.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && SplitAccounts(text) is { } list
                && (list.Count == 0 || list.FirstOrDefault(a => !AccountName().IsMatch(a)) is { } bad))
            {
                result.AddError(list.Count == 0 ? "--accounts names no account" : $"--accounts: '{list.First(a => !AccountName().IsMatch(a))}' is not an account name");
            }
        });
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Where the database, the API key and the workers' directories live [default: ~/.stamina]",
            HelpName = "DIR",
        };
        var port = new Option<int>("--port")
        {
            Description = "The HTTP API's port on 127.0.0.1",
            HelpName = "PORT",
            DefaultValueFactory = _ => LocalOptions.DefaultPort,
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535)
                result.AddError("--port must be between 1 and 65535");
        });

        var command = new Command(Name, "Run the coordinator and its workers in this process: nothing else to install")
        {
            workers, accounts, dataDir, port,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new LocalOptions
            {
                Workers = parseResult.GetValue(workers),
                Accounts = parseResult.GetValue(accounts) is { } text ? SplitAccounts(text) : [],
                DataDir = parseResult.GetValue(dataDir),
                Port = parseResult.GetValue(port),
                ConfigFile = parseResult.GetValue(global.Config),
            };
            await using var fleet = Start(options);
            try
            {
                await fleet.StartAsync(cancellationToken);
            }
            catch (IOException exception)
            {
                throw new CliException(ExitCodes.Unexpected, $"could not listen on port {options.Port}: {exception.Message}", exception);
            }
            await WriteBannerAsync(context, fleet);
            await fleet.WaitForShutdownAsync(cancellationToken);
            await context.Out.WriteLineAsync("stamina local stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }

    static LocalFleet Start(LocalOptions options)
    {
        try
        {
            return LocalFleet.Create(options);
        }
        catch (StartRefusedException exception)
        {
            throw new CliException(ExitCodes.Usage, exception.Message, exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new CliException(ExitCodes.Unexpected, exception.Message, exception);
        }
    }

    static async Task WriteBannerAsync(CliContext context, LocalFleet fleet)
    {
        var output = context.Out;
        await output.WriteLineAsync("Stamina local is running.");
        await output.WriteLineAsync($"  URL:      {fleet.Url}");
        await output.WriteLineAsync($"  Data dir: {fleet.DataDir} (database {Path.GetFileName(fleet.DatabasePath)}, API key in {LocalApiKey.FileName})");
        var names = fleet.Workers.Select(w => w.Account is { } account ? $"{w.Name} ({account})" : w.Name);
        await output.WriteLineAsync($"  Workers:  {string.Join(", ", names)}");
        var roots = fleet.AllowedLocalRoots.Count == 0 ? "none (set Stamina:AllowedLocalRoots)" : string.Join(", ", fleet.AllowedLocalRoots);
        await output.WriteLineAsync($"  Repos:    URLs, and local paths under {roots}");
        await output.WriteLineAsync("Ctrl+C stops it; running items may finish first (the drain time), the rest wait in the queue.");
        await output.FlushAsync();
    }

    static List<string> SplitAccounts(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex AccountName();
}
