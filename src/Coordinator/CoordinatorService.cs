using Stamina.ServiceDefaults.Configuration;
using Stamina.ServiceDefaults.Hosting;

namespace Stamina.Coordinator;

/// <summary>
/// The coordinator service, whole: what its own Program.cs runs and what <c>stamina coordinator</c> runs, so the two
/// cannot drift apart.
/// </summary>
public static class CoordinatorService
{
    /// <summary>Runs until stopped; missing or bad configuration ends it with one line and exit code 2.</summary>
    public static Task<int> RunAsync(string[] args) => RestartableHost.RunAsync(restart =>
    {
        // Named after this assembly, not the process's entry one: the same host whether run alone or by the stamina tool.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(CoordinatorService).Assembly.GetName().Name });
        // stamina.yml: over appsettings.json, under environment variables and the command line (docs/configuration.md).
        builder.Configuration.AddStaminaYaml(builder.Configuration[StaminaConfigFile.SwitchKey]);
        builder.AddCoordinator(restart);
        var app = builder.Build();
        app.UseCoordinator();
        return app;
    });
}
