using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stamina.Coordinator.Api;
using Stamina.Coordinator.Batches;
using Stamina.Coordinator.Schedules;
using Stamina.Coordinator.Submissions;
using Stamina.Coordinator.Telemetry;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.Coordinator.WorkItems.Creation;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Schedules;

/// <summary>
/// The firing loop end to end on a fake clock: its timer, the real batch creator and validator, a real store. A schedule
/// added on Wednesday evening fires Thursday 22:00 in Berlin, once, and skips Friday while Thursday's batch still waits.
/// </summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class ScheduleLoopTests(string kind)
{
    static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    /// <summary>Thursday 26 November 2026, 22:00 CET.</summary>
    static readonly DateTimeOffset Thursday = new(2026, 11, 26, 21, 0, 0, TimeSpan.Zero);

    StoreHarness store = null!;
    ScheduleStore schedules = null!;
    ScheduleLoop loop = null!;
    ScheduleValidator validator = null!;

    [SetUp]
    public async Task Start()
    {
        store = await StoreHarness.StartAsync(kind);
        var api = Options.Create(new ApiSettings { AllowedLocalRoots = ["/srv"] });
        var batchValidator = new BatchValidator(new SubmitItemValidator(api), store.Database);
        var creator = new BatchCreator(batchValidator, store.Get<ItemCreator>(), new IdempotencyKeys(store.Database, api, store.Clock),
            store.Database, store.Clock, store.Get<CoordinatorMetrics>());
        var settings = Options.Create(new ScheduleSettings { PollInterval = Poll });
        schedules = new ScheduleStore(store.Database);
        validator = new ScheduleValidator(new ScheduledBatchCheck(batchValidator), store.Clock);
        loop = new ScheduleLoop(new ScheduleFiring(schedules, creator, settings, store.Clock, NullLogger<ScheduleFiring>.Instance), settings,
            store.Clock, NullLogger<ScheduleLoop>.Instance);
        await loop.StartAsync(default);
    }

    [TearDown]
    public async Task Stop()
    {
        await loop.StopAsync(default);
        loop.Dispose();
        await store.DisposeAsync();
    }

    [Test]
    public async Task A_schedule_Should_fire_its_batch_when_the_clock_reaches_the_occurrence_and_skip_the_next_while_it_waits()
    {
        var (schedule, errors) = await validator.ValidateAsync(new ScheduleRequest
        {
            Name = "nightly",
            Cron = "0 22 * * 1-5",
            TimeZone = "Europe/Berlin",
            Batch = new BatchRequest
            {
                Name = "night",
                Items =
                [
                    new BatchItemRequest { Key = "build", Repo = "/srv/repo", Command = ["make"] },
                    new BatchItemRequest { Key = "test", Repo = "/srv/repo", Command = ["make", "test"], After = ["build"] },
                ],
            },
        }, default);
        Assert.That(errors, Is.Empty);
        var id = await schedules.AddAsync(schedule!, store.Clock.GetUtcNow(), default);

        await StepUntilAsync(Thursday - Poll);
        Assert.That(await BatchesAsync(id), Is.Empty, "nothing before Thursday 22:00");
        await StepUntilAsync(Thursday + Poll);
        await Eventually.UntilAsync(async () => (await BatchesAsync(id)).Count == 1, TimeSpan.FromSeconds(10), "Thursday's batch");

        var batch = (await BatchesAsync(id)).Single();
        var states = await QueryAsync<string>("select state from work_items where batch_id = @batch order by batch_position", new { batch });
        Assert.That(states, Is.EqualTo(new[] { "Queued", "Pending" }), "the batch's tasks, the second after the first");

        await StepUntilAsync(Thursday.AddDays(1) + Poll);
        await Eventually.UntilAsync(async () => (await schedules.RecentAsync(id, 10, default)).Count == 2, TimeSpan.FromSeconds(10), "Friday's record");
        var friday = (await schedules.RecentAsync(id, 10, default))[0];
        Assert.That(friday.Summary, Is.EqualTo($"skipped: batch {batch} still running"));
        Assert.That(await BatchesAsync(id), Has.Count.EqualTo(1));
    }

    /// <summary>Moves the fake clock a poll at a time, so the loop's timer ticks as it would.</summary>
    async Task StepUntilAsync(DateTimeOffset until)
    {
        var jump = until - Poll * 2 - store.Clock.GetUtcNow();
        if (jump > TimeSpan.Zero)
            store.Clock.Advance(jump);
        while (store.Clock.GetUtcNow() < until)
        {
            store.Clock.Advance(Poll);
            await Task.Delay(50);
        }
    }

    async Task<List<Guid>> BatchesAsync(Guid scheduleId) =>
        await QueryAsync<Guid>("select id from batches where schedule_id = @scheduleId", new { scheduleId });

    async Task<List<T>> QueryAsync<T>(string sql, object parameters)
    {
        await using var connection = await store.Database.OpenConnectionAsync(default);
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }
}
