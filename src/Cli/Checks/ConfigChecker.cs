namespace Stamina.Cli.Checks;

/// <summary>Runs every check of <c>config check</c> against one loaded configuration, the slow ones side by side.</summary>
static class ConfigChecker
{
    public static readonly TimeSpan ServiceTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(10);

    /// <param name="insecure">--insecure: the key may go over plain HTTP to another machine.</param>
    public static async Task<ConfigReport> RunAsync(CliConfiguration configuration, CliContext context, bool insecure, CancellationToken cancellationToken)
    {
        var url = configuration[KnownDefaults.UrlKey];
        var urlConfigured = !string.IsNullOrWhiteSpace(url);
        var postgres = PostgresCheck.RunAsync(configuration.Root.GetConnectionStringValue("Postgres"), ServiceTimeout, cancellationToken);
        var rabbitMq = RabbitMqCheck.RunAsync(configuration.Root, ServiceTimeout, cancellationToken);
        var api = CoordinatorApiCheck.RunAsync(urlConfigured ? url!.Trim() : KnownDefaults.DefaultUrl, urlConfigured,
            configuration[KnownDefaults.ApiKeyKey], insecure, ServiceTimeout, cancellationToken);
        var agents = AgentCliCheck.Harnesses
            .Select(harness => AgentCliCheck.RunAsync(harness, configuration[AgentCliCheck.ExecutableKey(harness)], context, VersionTimeout,
                cancellationToken))
            .ToList();

        var checks = new List<CheckResult> { FileCheck(configuration), await postgres, await rabbitMq };
        checks.AddRange(await api);
        foreach (var agent in agents)
            checks.Add(await agent);
        checks.AddRange(AccountDirectoryCheck.Run(configuration.Root, context));
        return new ConfigReport(configuration.File?.Path, configuration.EffectiveSettings(), checks);
    }

    static CheckResult FileCheck(CliConfiguration configuration) => configuration switch
    {
        { FileError: { } error } => CheckResult.Failed("config file", error.Message),
        { File: { } file } => CheckResult.Ok("config file", $"{file.Path} parses"),
        _ => CheckResult.Warning("config file", "none found (--config, STAMINA_CONFIG, ~/.config/stamina/stamina.yml, ~/.stamina/stamina.yml; "
            + "never ./stamina.yml); "
            + "using the environment and defaults"),
    };

    static string? GetConnectionStringValue(this Microsoft.Extensions.Configuration.IConfiguration configuration, string name) =>
        configuration[$"ConnectionStrings:{name}"];
}
