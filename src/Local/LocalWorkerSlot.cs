using Stamina.Worker;
using Stamina.Worker.Fleet;

namespace Stamina.Local;

/// <summary>One worker of the local fleet: its identity and its own services (gate, activity, worktrees…).</summary>
public sealed class LocalWorkerSlot(WorkerSettings settings, ServiceProvider services) : IAsyncDisposable
{
    public WorkerSettings Settings { get; } = settings;
    public string Name => Settings.Name;
    public string? Account => Settings.Account;
    internal ServiceProvider Services { get; } = services;
    internal bool Busy { get; set; }
    internal bool IsOpen => Services.GetRequiredService<AccountGate>().IsOpen;

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
