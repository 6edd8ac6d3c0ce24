using Microsoft.Extensions.Options;
using Stamina.Worker.Fleet;

namespace Stamina.Worker.Hooks;

/// <summary>
/// Runs the health check hook every interval in the work directory. While it fails the worker is drained (it finishes
/// its item and takes no new one; <c>stamina workers</c> says why); when it passes again the worker takes work again.
/// </summary>
public sealed class HealthCheckLoop(HookRunner hooks, AccountGate gate, IOptions<WorkerSettings> options, TimeProvider clock,
    ILogger<HealthCheckLoop> logger) : BackgroundService
{
    /// <summary>Ledger key of the health check's process group (it belongs to no item).</summary>
    static readonly Guid LedgerKey = new("00000000-0000-0000-0000-00000000c4ec");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Hooks.HealthCheck is not { } check)
            return;
        var workDir = Directory.CreateDirectory(settings.ResolveWorkDir()).FullName;
        var input = new HookInput { Hook = "healthCheck", Worker = settings.Name, Pool = settings.Pool, Account = settings.Account };
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            HookRun run;
            try
            {
                run = await hooks.RunAsync("health-check", check, workDir, input, LedgerKey, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            if (!run.Passed)
            {
                if (!failing)
                    logger.LogWarning("Health check failed: {Report}. Draining: taking no new work until it passes", run.Report);
                gate.SetUnhealthy($"health check failed: {Cut(run.Report)}");
            }
            else if (failing)
            {
                logger.LogInformation("Health check passes again: taking work again");
                gate.SetUnhealthy(null);
            }
            failing = !run.Passed;
            await Task.Delay(check.Interval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>The status line keeps the start of the report; the attempt's own hook output is kept elsewhere.</summary>
    static string Cut(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
