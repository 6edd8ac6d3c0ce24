using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Stamina.Contracts;
using Stamina.ServiceDefaults.Redaction;
using Stamina.Testing;
using Stamina.Worker.Execution;

namespace Stamina.Worker.Tests.Execution;

[TestFixture]
public sealed class TranscriptShipperTests
{
    [Test]
    public async Task Should_end_an_attempt_whose_last_chunk_the_broker_never_takes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (endpoint, publisher) = HangingPublisher.Create();
        using var running = new RunningAttempt(Guid.NewGuid(), 1, null);
        await using var shipper = new TranscriptShipper(endpoint, running, "w1", 1024 * 1024, clock, NullLogger.Instance, new SecretRedactor([]));
        shipper.Append("the agent's last words");

        var completing = shipper.CompleteAsync();
        await Eventually.UntilAsync(() => !publisher.Published.IsEmpty, TimeSpan.FromSeconds(30), "the last chunk to be published");
        Assert.That(completing.IsCompleted, Is.False, "waiting for the broker, within the limit");
        clock.Advance(TranscriptShipper.SendLimit);

        await completing.WaitAsync(TimeSpan.FromSeconds(30));
        var chunk = (TranscriptChunk)publisher.Published.Single();
        Assert.That(chunk.Final, Is.True);
    }
}
