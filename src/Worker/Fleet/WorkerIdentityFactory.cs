using System.Reflection;
using Stamina.Contracts;

namespace Stamina.Worker.Fleet;

public static class WorkerIdentityFactory
{
    public static readonly string Version =
        typeof(WorkerIdentityFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static WorkerIdentity Create(WorkerSettings settings) => new()
    {
        Name = settings.Name,
        Machine = Environment.MachineName,
        Pool = settings.Pool,
        Account = settings.Account,
        Run = settings.Run,
    };
}
