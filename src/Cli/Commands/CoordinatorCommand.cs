using System.CommandLine;
using Stamina.Coordinator;

namespace Stamina.Cli.Commands;

/// <summary><c>stamina coordinator</c>: the coordinator service (PostgreSQL, RabbitMQ, the HTTP API) in this process.</summary>
static class CoordinatorCommand
{
    public const string Name = "coordinator";

    public const string Examples = """
        Examples:
          export ConnectionStrings__Postgres='Host=db;Database=stamina;Username=stamina;Password=...'
          export ConnectionStrings__RabbitMq='amqp://stamina:...@broker:5672/stamina' Stamina__ApiKey=...
          stamina coordinator --urls http://0.0.0.0:5080
          stamina coordinator --config /etc/stamina/stamina.yml --Stamina:Dispatch:ReaperInterval=00:00:05
        """;

    public static Command Create() => ServiceCommand.Create(Name,
        "Run the coordinator service here (as stamina-coordinator): needs PostgreSQL and RabbitMQ",
        CoordinatorService.RunAsync,
        [
            ServiceCommand.Urls("Where the HTTP API listens, e.g. http://0.0.0.0:5080 (several separated by ';')"),
        ]);
}
