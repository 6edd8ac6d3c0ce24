using Dapper;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Stamina.Coordinator.Persistence;

namespace Stamina.Coordinator.Notifications;

/// <summary>
/// Delivers the outbox: one loop per webhook, so a slow or hanging endpoint delays only its own notifications.
/// Each delivery runs through a Polly pipeline (a timeout per try inside retries with exponential backoff);
/// a delivery that still fails is marked given up, logged with the URL redacted, and counted. A delivery cut by
/// a stop stays pending and is sent after the restart (at least once).
/// </summary>
public sealed class WebhookSender(
    StaminaDatabase database,
    IOptions<NotificationSettings> settings,
    NotificationMetrics metrics,
    TimeProvider clock,
    ILogger<WebhookSender> logger) : BackgroundService
{
    static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);

    // No client timeout: the pipeline's timeout strategy bounds each try.
    readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(settings.Value.Webhooks.Select((webhook, index) => DeliverLoopAsync(webhook, Webhooks.NameOf(webhook, index), stoppingToken)));

    async Task DeliverLoopAsync(WebhookSettings webhook, string name, CancellationToken stoppingToken)
    {
        var pipeline = Pipeline(name);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pending = await PendingAsync(name, stoppingToken);
                foreach (var row in pending)
                    await DeliverAsync(webhook, name, row, pipeline, stoppingToken);
                if (pending.Count == 0)
                    await Task.Delay(IdlePoll, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning("Notifications for webhook {Webhook} could not be read or marked ({Message}); trying again", name, exception.Message);
                await Task.Delay(settings.Value.PollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    async Task DeliverAsync(WebhookSettings webhook, string name, OutboxRow row, ResiliencePipeline pipeline, CancellationToken stoppingToken)
    {
        var tries = 0;
        try
        {
            await pipeline.ExecuteAsync(async token =>
            {
                tries++;
                using var request = WebhookRequests.Build(webhook, row.ToNotification());
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                if (!response.IsSuccessStatusCode)
                    throw new WebhookRejectedException((int)response.StatusCode);
            }, stoppingToken);
            await MarkAsync("delivered_at = @now, last_error = null", row.Id, row.Attempts + tries, null, stoppingToken);
            metrics.Delivered(name);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            var error = exception is TimeoutRejectedException ? $"no answer within {settings.Value.Timeout}" : exception.Message;
            logger.LogWarning("Gave up notification {Kind} #{Id} to webhook {Webhook} ({Url}) after {Tries} tries: {Error}",
                row.Kind, row.Id, name, Webhooks.Redact(webhook.Url), tries, error);
            await MarkAsync("given_up_at = @now, last_error = @error", row.Id, row.Attempts + tries, error, CancellationToken.None);
            metrics.GivenUp(name);
        }
    }

    ResiliencePipeline Pipeline(string name) => new ResiliencePipelineBuilder { TimeProvider = clock }
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = settings.Value.Retries,
            Delay = settings.Value.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            MaxDelay = TimeSpan.FromMinutes(5),
            ShouldHandle = new PredicateBuilder()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .Handle<WebhookRejectedException>(e => e.Transient),
            OnRetry = arguments =>
            {
                metrics.Retried(name);
                logger.LogInformation("Webhook {Webhook} failed ({Error}); retry {Retry} in {Delay}", name,
                    arguments.Outcome.Exception?.Message, arguments.AttemptNumber + 1, arguments.RetryDelay);
                return ValueTask.CompletedTask;
            },
        })
        .AddTimeout(settings.Value.Timeout)
        .Build();

    async Task<List<OutboxRow>> PendingAsync(string webhook, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<OutboxRow>(new CommandDefinition("""
            select id as Id, kind as Kind, level as Level, title as Title, body as Body, data as Data, happened_at as HappenedAt, attempts as Attempts
            from notification_outbox
            where webhook = @webhook and delivered_at is null and given_up_at is null
            order by id
            limit 20
            """, new { webhook }, cancellationToken: cancellationToken))];
    }

    async Task MarkAsync(string set, long id, int attempts, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition($"update notification_outbox set {set}, attempts = @attempts where id = @id",
            new { id, attempts, error, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    public override void Dispose()
    {
        http.Dispose();
        base.Dispose();
    }
}
