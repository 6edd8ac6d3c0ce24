using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Stamina.Worker;
using Stamina.Worker.Execution;
using Stamina.Worker.Fleet;
using Stamina.Worker.Git;
using Stamina.Worker.Processes.Cgroups;

namespace Stamina.Local;

/// <summary>
/// The workers of the local fleet. Each message of the pool's queue borrows a free worker for as long as
/// it is consumed, as a worker process with a prefetch of one would hold it; the endpoint consumes at
/// most as many messages at once as there are workers, so a free one is always there.
/// </summary>
public sealed class LocalWorkers : IAsyncDisposable
{
    static readonly TimeSpan RemovalPatience = TimeSpan.FromSeconds(30);
    readonly List<LocalWorkerSlot> slots = [];
    readonly Lock gate = new();
    readonly SemaphoreSlim free;

    public LocalWorkers(IServiceProvider root, LocalOptions options, string dataDir)
    {
        var configuration = root.GetRequiredService<IConfiguration>();
        for (var index = 0; index < options.Workers; index++)
        {
            var settings = configuration.GetSection(WorkerSettings.Section).Get<WorkerSettings>() ?? new WorkerSettings();
            settings.Name = LocalOptions.WorkerName(index);
            settings.Account = options.AccountOf(index);
            settings.WorkDir = Path.Combine(dataDir, "workers", settings.Name);
            Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
            slots.Add(new LocalWorkerSlot(settings, LocalWorkerServices.Build(root, settings)));
        }
        free = new SemaphoreSlim(slots.Count, slots.Count);
    }

    public IReadOnlyList<LocalWorkerSlot> All => slots;

    /// <summary>A worker that is not consuming a message; one whose account may work, when there is one.</summary>
    internal async Task<LocalWorkerSlot> AcquireAsync(CancellationToken cancellationToken)
    {
        await free.WaitAsync(cancellationToken);
        lock (gate)
        {
            var slot = slots.FirstOrDefault(s => !s.Busy && s.IsOpen) ?? slots.First(s => !s.Busy);
            slot.Busy = true;
            return slot;
        }
    }

    internal void Release(LocalWorkerSlot slot)
    {
        lock (gate)
            slot.Busy = false;
        free.Release();
    }

    /// <summary>
    /// Before any work: end what killed predecessors left running and remove their worktrees (the data
    /// directory's lock proves them dead); let every worker hear the stop signal.
    /// </summary>
    internal async Task PrepareAsync(ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var slot in slots)
        {
            await OrphanSweeper.SweepAsync(slot.Services.GetRequiredService<CommandLedger>(), slot.Services.GetRequiredService<LeftoverCleanup>(),
                slot.Services.GetRequiredService<AttemptCgroups>(), slot.Services.GetRequiredService<IOptions<WorkerSettings>>().Value.KeptWorktreeBytes, logger, cancellationToken);
            slot.Services.GetRequiredService<DrainSignal>();
        }
    }

    internal IEnumerable<T> Each<T>() where T : notnull => slots.Select(s => s.Services.GetRequiredService<T>());

    public async ValueTask DisposeAsync()
    {
        // After the bus stopped, so no attempt ends any more: the worktrees still being removed go first, as a worker
        // process waits for them at stop (a crash, or a removal past the bound, leaves them to the next start's sweep).
        try
        {
            await Task.WhenAll(Each<WorktreeManager>().Select(w => w.WhenRemovedAsync())).WaitAsync(RemovalPatience);
        }
        catch (TimeoutException)
        {
        }
        foreach (var slot in slots)
            await slot.DisposeAsync();
        free.Dispose();
    }
}
