using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Stamina.Cli.Checks;
using Stamina.Cli.Render;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina config check</c>: the settings in effect and where each came from, and whether the services answer.</summary>
static class ConfigCommand
{
    public const string CheckExamples = """
        Examples:
          stamina config check
          stamina config check --config /etc/stamina/stamina.yml
          stamina config check --json | jq '.checks[] | select(.status == "fail")'

        The file is --config PATH, else $STAMINA_CONFIG, else ~/.config/stamina/stamina.yml, else
        ~/.stamina/stamina.yml; a ./stamina.yml is read only when named (--config ./stamina.yml).
        Environment variables (Stamina__Worker__Pool, ConnectionStrings__Postgres) override the file; --url and
        --api-key override both. Secrets are masked. Exit 0 when every configured check passes, 1 otherwise;
        what is not configured or not installed is a warning.
        """;

    public static Command Create(GlobalOptions global, CliContext context)
    {
        var command = new Command("config", "Inspect the configuration (stamina.yml, environment, defaults)");
        command.Subcommands.Add(CreateCheck(global, context));
        return command;
    }

    static Command CreateCheck(GlobalOptions global, CliContext context)
    {
        // --config, --url and --api-key are the global options: the same configuration every command reads.
        var command = new Command("check",
            "Show each setting in effect and its source, and check PostgreSQL, RabbitMQ, the coordinator, the agent CLIs and accounts");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = global.LoadConfiguration(parseResult, context);
            var report = await ConfigChecker.RunAsync(configuration, context, parseResult.GetValue(global.Insecure), cancellationToken);
            if (global.WantsJson(parseResult))
                await context.Out.WriteLineAsync(ToJson(report));
            else
                ConsoleFactory.Render(context, console => ConfigCheckView.Write(console, report, context.OutputIsTerminal));
            return report.Passed ? ExitCodes.Ok : ExitCodes.ChecksFailed;
        });
        return command;
    }

    static string ToJson(ConfigReport report) => JsonSerializer.Serialize(new
    {
        configFile = report.ConfigFile,
        ok = report.Passed,
        settings = report.Settings.Select(s => new { key = s.Key, value = s.Value, source = ConfigCheckView.SourceText(s.Source) }),
        checks = report.Checks.Select(c => new { name = c.Name, status = ConfigCheckView.StatusText(c.Status).ToLowerInvariant(), detail = c.Detail }),
    }, JsonOptions);

    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
