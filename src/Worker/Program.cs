using Stamina.ServiceDefaults.Configuration;
using Stamina.ServiceDefaults.Hosting;
using Stamina.Worker;

return await RestartableHost.RunAsync(restart =>
{
    var builder = WebApplication.CreateBuilder(args);
    // stamina.yml: over appsettings.json, under environment variables and the command line (docs/configuration.md).
    builder.Configuration.AddStaminaYaml(builder.Configuration[StaminaConfigFile.SwitchKey]);
    builder.AddWorker(args, restart);
    var app = builder.Build();
    app.UseWorker();
    return app;
});
