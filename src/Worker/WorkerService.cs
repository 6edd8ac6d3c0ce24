using Stamina.ServiceDefaults.Configuration;
using Stamina.ServiceDefaults.Hosting;

namespace Stamina.Worker;

/// <summary>
/// The worker service, whole: what its own Program.cs runs and what <c>stamina worker</c> runs, so the two cannot
/// drift apart.
/// </summary>
public static class WorkerService
{
    /// <summary>Runs until stopped; missing or bad configuration ends it with one line and exit code 2.</summary>
    public static Task<int> RunAsync(string[] args) => RestartableHost.RunAsync(restart =>
    {
        // Named after this assembly, not the process's entry one: the same host whether run alone or by the stamina tool.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(WorkerService).Assembly.GetName().Name });
        // stamina.yml: over appsettings.json, under environment variables and the command line (docs/configuration.md).
        builder.Configuration.AddStaminaYaml(builder.Configuration[StaminaConfigFile.SwitchKey]);
        builder.AddWorker(args, restart);
        var app = builder.Build();
        app.UseWorker();
        return app;
    });
}
