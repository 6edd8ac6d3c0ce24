using Stamina.Coordinator;
using Stamina.ServiceDefaults.Hosting;

return await RestartableHost.RunAsync(restart =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddCoordinator(restart);
    var app = builder.Build();
    app.UseCoordinator();
    return app;
});
