using System.Text;
using MassTransit;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Redaction;

namespace Stamina.Worker.Execution;

/// <summary>
/// Sends an attempt's raw event stream to the coordinator in ordered chunks, about once a second, up to
/// a size cap. A chunk the broker did not take is sent again with the next flush, at the same offset;
/// a transcript never fails the attempt.
/// </summary>
public sealed class TranscriptShipper : IAsyncDisposable
{
    const int ChunkBytes = 128 * 1024;
    static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one chunk may wait for the broker. MassTransit's publish waits out its connection's recovery, and may
    /// hang long after the broker is back (MassTransit#3502): the last flush of an attempt whose command ended in a
    /// broker outage then held the attempt, its result and its worker, while its lease was still renewed (a chaos run).
    /// </summary>
    public static readonly TimeSpan SendLimit = TimeSpan.FromSeconds(10);

    readonly IPublishEndpoint publisher;
    readonly Guid itemId;
    readonly int attempt;
    readonly string worker;
    readonly AttemptSecret? secret;
    readonly long maxBytes;
    readonly ILogger logger;
    readonly TimeProvider clock;
    readonly SecretRedactor redactor;
    readonly Lock gate = new();
    readonly MemoryStream pending = new();
    readonly CancellationTokenSource stop = new();
    readonly Task loop;
    long accepted;
    long sent;
    bool truncated;
    bool truncationSent;

    /// <param name="running">The attempt: its chunks carry its secret, or the coordinator drops them.</param>
    /// <param name="worker">This worker's name, the holder's.</param>
    /// <param name="redactor">Each line is redacted before it counts towards the size or the offsets.</param>
    public TranscriptShipper(IPublishEndpoint publisher, RunningAttempt running, string worker, long maxBytes, TimeProvider clock, ILogger logger,
        SecretRedactor redactor)
    {
        this.redactor = redactor;
        this.publisher = publisher;
        itemId = running.WorkItemId;
        attempt = running.Attempt;
        this.worker = worker;
        secret = running.Secret;
        this.maxBytes = maxBytes;
        this.logger = logger;
        this.clock = clock;
        loop = RunAsync(clock);
    }

    /// <summary>One line of the stream; called from the output pump, so it only copies.</summary>
    public void Append(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(redactor.Redact(line) + "\n");
        lock (gate)
        {
            if (truncated)
                return;
            if (accepted + bytes.Length > maxBytes)
            {
                truncated = true;
                return;
            }
            pending.Write(bytes);
            accepted += bytes.Length;
        }
    }

    /// <summary>Sends what is left and marks the transcript complete.</summary>
    public async Task CompleteAsync()
    {
        await stop.CancelAsync();
        await loop;
        await FlushAsync(final: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
            await loop;
        }
        stop.Dispose();
    }

    async Task RunAsync(TimeProvider clock)
    {
        using var timer = new PeriodicTimer(FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                await FlushAsync(final: false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    async Task FlushAsync(bool final)
    {
        byte[] data;
        bool cut;
        lock (gate)
        {
            data = pending.ToArray();
            pending.SetLength(0);
            cut = truncated;
        }
        if (data.Length == 0)
        {
            if (final || (cut && !truncationSent))
                await SendAsync([], final, cut);
            return;
        }
        for (var start = 0; start < data.Length; start += ChunkBytes)
        {
            var last = start + ChunkBytes >= data.Length;
            if (await SendAsync(data[start..Math.Min(data.Length, start + ChunkBytes)], final && last, cut && last))
                continue;
            // Not sent: the rest goes back in front of what came since, and is sent again at the same offset.
            lock (gate)
            {
                var newer = pending.ToArray();
                pending.SetLength(0);
#pragma warning disable VSTHRD103 // a MemoryStream under a lock: nothing blocks
                pending.Write(data, start, data.Length - start);
                pending.Write(newer);
#pragma warning restore VSTHRD103
            }
            return;
        }
    }

    async Task<bool> SendAsync(byte[] data, bool final, bool cut)
    {
        var chunk = new TranscriptChunk
        {
            WorkItemId = itemId,
            Attempt = attempt,
            Worker = worker,
            Secret = secret,
            Offset = sent,
            Data = data,
            Final = final,
            Truncated = cut,
        };
        try
        {
            // An abandoned chunk goes again at the same offset.
            await AbandonedCall.WithinAsync(token => publisher.Publish(chunk, token), SendLimit, clock, CancellationToken.None);
            sent += data.Length;
            truncationSent |= cut;
            return true;
        }
        catch (Exception exception)
        {
            logger.LogWarning("Transcript of {WorkItemId} attempt {Attempt} not sent: {Message}", itemId, attempt, exception.Message);
            return false;
        }
    }
}
