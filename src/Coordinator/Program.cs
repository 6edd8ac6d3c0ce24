using Stamina.Coordinator;
using Stamina.ServiceDefaults.Configuration;
using Stamina.ServiceDefaults.Hosting;

return await RestartableHost.RunAsync(restart =>
{
    var builder = WebApplication.CreateBuilder(args);
    // stamina.yml: over appsettings.json, under environment variables and the command line (docs/configuration.md).
    builder.Configuration.AddStaminaYaml(builder.Configuration[StaminaConfigFile.SwitchKey]);
    builder.AddCoordinator(restart);
    var app = builder.Build();
    app.UseCoordinator();
    return app;
});
