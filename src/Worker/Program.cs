using Stamina.ServiceDefaults.Hosting;
using Stamina.Worker;

return await RestartableHost.RunAsync(restart =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddWorker(args, restart);
    var app = builder.Build();
    app.UseWorker();
    return app;
});
