using Stamina.Worker;

var builder = WebApplication.CreateBuilder(args);
builder.AddWorker(args);

var app = builder.Build();
app.UseWorker();
app.Run();
