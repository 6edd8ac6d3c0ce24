using Stamina.Coordinator;

var builder = WebApplication.CreateBuilder(args);
builder.AddCoordinator();

var app = builder.Build();
app.UseCoordinator();
app.Run();
