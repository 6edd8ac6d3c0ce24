namespace Stamina.Worker.Execution;

/// <summary>At start, before the bus takes work, ends commands a killed predecessor left running.</summary>
public sealed class OrphanSweeper(CommandLedger ledger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ledger.EndOrphans();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
