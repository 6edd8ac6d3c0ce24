using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stamina.Coordinator.Batches;
using Stamina.Coordinator.Schedules;
using Stamina.Coordinator.Tests.Infrastructure;

namespace Stamina.Coordinator.Tests.Schedules;

/// <summary>The firing pass on a real store of either kind, on a fake clock: on time, missed, overlapping, paused, twice at once.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class ScheduleFiringTests(string kind)
{
    /// <summary>Friday 27 November 2026, 12:00 in Berlin (CET).</summary>
    static readonly DateTimeOffset Noon = new(2026, 11, 27, 11, 0, 0, TimeSpan.Zero);

    /// <summary>Friday 22:00 CET.</summary>
    static readonly DateTimeOffset Night = new(2026, 11, 27, 21, 0, 0, TimeSpan.Zero);

    static readonly BatchRequest Batch = new()
    {
        Name = "night",
        Items = [new BatchItemRequest { Key = "build", Repo = "/srv/repo", Command = ["make"] }],
    };

    TestStore store = null!;
    FakeTimeProvider clock = null!;
    ScheduleStore schedules = null!;
    RecordingBatchCreator batches = null!;
    readonly ScheduleSettings settings = new() { PollInterval = TimeSpan.FromSeconds(5), MissedAfter = TimeSpan.FromMinutes(2) };

    [SetUp]
    public async Task Start()
    {
        store = await TestStore.CreateAsync(kind);
        clock = new FakeTimeProvider(Noon);
        schedules = new ScheduleStore(store.Database);
        batches = new RecordingBatchCreator();
    }

    [TearDown]
    public async Task Stop() => await store.DisposeAsync();

    ScheduleFiring Firing() => new(schedules, batches, Options.Create(settings), clock, NullLogger<ScheduleFiring>.Instance);

    Task<Guid> AddAsync(string cron = "0 22 * * 1-5", string missed = SchedulePolicies.Skip, string overlap = SchedulePolicies.Skip) =>
        schedules.AddAsync(new ValidSchedule("nightly", cron, "Europe/Berlin", missed, overlap, Batch), clock.GetUtcNow(), default);

    async Task<IReadOnlyList<OccurrenceRow>> OccurrencesAsync(Guid id) => await schedules.RecentAsync(id, 100, default);

    [Test]
    public async Task At_its_time_Should_create_one_batch_once_and_record_it()
    {
        var id = await AddAsync();
        var firing = Firing();
        Assert.That(await firing.FireDueAsync(default), Is.Zero, "nothing is due at noon");

        clock.SetUtcNow(Night.AddSeconds(3));
        await firing.FireDueAsync(default);
        clock.Advance(TimeSpan.FromSeconds(5));
        await firing.FireDueAsync(default);

        var batch = batches.Created.Single();
        Assert.That(batch.Origin, Is.EqualTo(BatchOrigin.Scheduled(id, Night)));
        Assert.That(batch.Key, Is.EqualTo(ScheduleFiring.KeyOf(id, Night)));
        Assert.That(batch.Request.Items, Has.Length.EqualTo(1));
        var occurrence = (await OccurrencesAsync(id)).Single();
        Assert.That((occurrence.Occurrence, occurrence.Summary, occurrence.BatchId), Is.EqualTo((Night, "fired", (Guid?)batch.BatchId)));
    }

    [Test]
    public async Task A_missed_occurrence_with_the_default_policy_Should_be_recorded_as_skipped_and_make_no_batch()
    {
        var id = await AddAsync();
        // Down from before Friday 22:00 until Tuesday morning: Friday's and Monday's occurrences passed unfired.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero));

        await Firing().FireDueAsync(default);

        Assert.That(batches.Created, Is.Empty);
        var occurrence = (await OccurrencesAsync(id)).Single();
        Assert.That(occurrence.Occurrence, Is.EqualTo(new DateTimeOffset(2026, 11, 30, 21, 0, 0, TimeSpan.Zero)), "only the latest is recorded");
        Assert.That(occurrence.Summary, Is.EqualTo("missed, skipped: 1 earlier occurrence(s) also passed unfired"));
    }

    [Test]
    public async Task A_missed_occurrence_with_missed_run_Should_run_late_once_not_a_backlog()
    {
        var id = await AddAsync(missed: SchedulePolicies.Run);
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero));
        var firing = Firing();

        await firing.FireDueAsync(default);
        await firing.FireDueAsync(default);

        var monday = new DateTimeOffset(2026, 11, 30, 21, 0, 0, TimeSpan.Zero);
        Assert.That(batches.Created.Single().Origin, Is.EqualTo(BatchOrigin.Scheduled(id, monday)));
        var occurrence = (await OccurrencesAsync(id)).Single();
        Assert.That((occurrence.Summary, occurrence.Missed), Is.EqualTo(("missed, run late", true)));
    }

    [Test]
    public async Task A_late_pass_within_the_tolerance_Should_fire_on_time()
    {
        var id = await AddAsync();
        clock.SetUtcNow(Night + settings.MissedAfter);

        await Firing().FireDueAsync(default);

        Assert.That((await OccurrencesAsync(id)).Single().Summary, Is.EqualTo("fired"));
    }

    [Test]
    public async Task While_the_previous_batch_runs_Should_skip_by_default_and_say_which_batch()
    {
        var id = await AddAsync(cron: "0 * * * *");
        var firing = Firing();
        clock.SetUtcNow(Night);
        await firing.FireDueAsync(default);
        var first = batches.Created.Single().BatchId;

        clock.Advance(TimeSpan.FromHours(1));
        await firing.FireDueAsync(default);
        batches.Active[first] = false;
        clock.Advance(TimeSpan.FromHours(1));
        await firing.FireDueAsync(default);

        var summaries = (await OccurrencesAsync(id)).Select(o => o.Summary).Reverse();
        Assert.That(summaries, Is.EqualTo(new[] { "fired", $"skipped: batch {first} still running", "fired" }));
        Assert.That(batches.Created, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task With_overlap_run_Should_fire_beside_the_running_batch()
    {
        var id = await AddAsync(cron: "0 * * * *", overlap: SchedulePolicies.Run);
        var firing = Firing();
        clock.SetUtcNow(Night);
        await firing.FireDueAsync(default);
        clock.Advance(TimeSpan.FromHours(1));
        await firing.FireDueAsync(default);

        Assert.That(batches.Created, Has.Count.EqualTo(2));
        Assert.That((await OccurrencesAsync(id)).Select(o => o.Summary), Is.All.EqualTo("fired"));
    }

    [Test]
    public async Task A_paused_schedule_Should_record_nothing_and_after_resume_not_count_the_pause_as_missed()
    {
        var id = await AddAsync(missed: SchedulePolicies.Run);
        await schedules.SetPausedAsync(id, true, clock.GetUtcNow(), default);
        clock.SetUtcNow(Night.AddHours(1));
        var firing = Firing();
        await firing.FireDueAsync(default);
        Assert.That(await OccurrencesAsync(id), Is.Empty);

        await schedules.SetPausedAsync(id, false, clock.GetUtcNow(), default);
        await firing.FireDueAsync(default);
        Assert.That(await OccurrencesAsync(id), Is.Empty, "Friday's occurrence passed while paused");

        clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 21, 0, 1, TimeSpan.Zero));
        await firing.FireDueAsync(default);
        Assert.That((await OccurrencesAsync(id)).Single().Summary, Is.EqualTo("fired"));
    }

    [Test]
    public async Task Two_coordinators_firing_at_once_Should_make_one_batch_per_occurrence()
    {
        var id = await AddAsync(cron: "*/10 * * * * *", overlap: SchedulePolicies.Run);
        clock.SetUtcNow(Night);
        var one = Firing();
        var two = Firing();

        for (var pass = 0; pass < 5; pass++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { one.FireDueAsync(default), two.FireDueAsync(default) }));
        }

        var occurrences = await OccurrencesAsync(id);
        Assert.That(occurrences, Has.Count.EqualTo(5));
        Assert.That(batches.Created.Select(b => b.Origin.Occurrence).Order(), Is.EqualTo(occurrences.Select(o => (DateTimeOffset?)o.Occurrence).Order()));
    }

    [Test]
    public async Task An_occurrence_claimed_by_a_coordinator_that_died_Should_be_finished_with_the_same_key()
    {
        var id = await AddAsync();
        clock.SetUtcNow(Night.AddSeconds(1));
        // The batch was made under the occurrence's key, then the coordinator died before recording it.
        await schedules.TryRecordAsync(new OccurrenceRow
        {
            ScheduleId = id,
            Occurrence = Night,
            Outcome = ScheduleOutcomes.Firing,
            RecordedAt = clock.GetUtcNow(),
        }, default);
        var made = await batches.CreateAsync(Batch, BatchOrigin.Scheduled(id, Night), ScheduleFiring.KeyOf(id, Night), default);

        clock.Advance(TimeSpan.FromSeconds(5));
        await Firing().FireDueAsync(default);

        Assert.That(batches.Created, Has.Count.EqualTo(1), "the key finds the batch; no second one");
        var occurrence = (await OccurrencesAsync(id)).Single();
        Assert.That((occurrence.Summary, occurrence.BatchId), Is.EqualTo(("fired", (Guid?)made.BatchId)));
    }

    [Test]
    public async Task An_occurrence_whose_batch_exists_but_whose_key_expired_Should_be_finished_with_that_batch()
    {
        var id = await AddAsync();
        clock.SetUtcNow(Night.AddSeconds(1));
        await schedules.TryRecordAsync(new OccurrenceRow
        {
            ScheduleId = id,
            Occurrence = Night,
            Outcome = ScheduleOutcomes.Firing,
            RecordedAt = clock.GetUtcNow(),
        }, default);
        // The batch was made, the coordinator died, and no pass came back until the idempotency key had expired.
        var made = Guid.NewGuid();
        await using (var connection = await store.Database.OpenConnectionAsync(default))
        {
            await connection.ExecuteAsync("""
                insert into batches (id, name, origin, schedule_id, occurrence, created_at)
                values (@made, 'night', 'schedule', @id, @Night, @Night)
                """, new { made, id, Night });
        }

        clock.Advance(TimeSpan.FromHours(13));
        await Firing().FireDueAsync(default);

        Assert.That(batches.Created, Is.Empty, "the occurrence's batch is found in the database; no second one");
        var occurrence = (await OccurrencesAsync(id)).First(o => o.Occurrence == Night);
        Assert.That((occurrence.Summary, occurrence.BatchId), Is.EqualTo(("fired", (Guid?)made)));
    }

    [Test]
    public async Task A_batch_rejected_at_its_occurrence_Should_be_recorded_with_the_reason()
    {
        var id = await AddAsync();
        batches.Failure = new BatchRejectedException(new Dictionary<string, string[]> { ["items[0].repo"] = ["not allowed"] });
        clock.SetUtcNow(Night);

        await Firing().FireDueAsync(default);

        Assert.That((await OccurrencesAsync(id)).Single().Summary, Is.EqualTo("rejected: items[0].repo: not allowed"));
    }

    [Test]
    public async Task An_outage_while_creating_the_batch_Should_leave_the_occurrence_to_the_next_pass()
    {
        var id = await AddAsync();
        batches.Failure = new TimeoutException("the database did not answer");
        clock.SetUtcNow(Night);
        var firing = Firing();

        Assert.ThrowsAsync<TimeoutException>(() => firing.FireDueAsync(default));
        Assert.That((await OccurrencesAsync(id)).Single().Outcome, Is.EqualTo(ScheduleOutcomes.Firing));

        batches.Failure = null;
        clock.Advance(TimeSpan.FromSeconds(5));
        await firing.FireDueAsync(default);

        Assert.That(batches.Created, Has.Count.EqualTo(1));
        Assert.That((await OccurrencesAsync(id)).Single().Summary, Is.EqualTo("fired"));
    }

    [Test]
    public async Task A_removed_schedule_Should_fire_nothing()
    {
        var id = await AddAsync();
        Assert.That(await schedules.RemoveAsync(id, default), Is.True);
        clock.SetUtcNow(Night);

        await Firing().FireDueAsync(default);

        Assert.That(batches.Created, Is.Empty);
        Assert.That(await schedules.GetAsync(id, default), Is.Null);
    }
}
