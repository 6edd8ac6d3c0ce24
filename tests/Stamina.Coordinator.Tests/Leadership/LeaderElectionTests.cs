using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stamina.Coordinator.Leadership;
using Stamina.Coordinator.Leases;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.WorkItems;
using Stamina.Testing;

namespace Stamina.Coordinator.Tests.Leadership;

/// <summary>
/// Two electors on one real PostgreSQL database, as two coordinator replicas would be: one leads; when the leader's
/// connection dies, or its session goes silent, the other takes over at its next poll and the old one steps down.
/// </summary>
[NonParallelizable]
public sealed class LeaderElectionTests
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    TemporaryDatabase database = null!;
    readonly List<IAsyncDisposable> owned = [];

    [SetUp]
    public async Task Start() => database = await TemporaryDatabase.CreateAsync();

    [TearDown]
    public async Task Stop()
    {
        foreach (var item in Enumerable.Reverse(owned))
            await item.DisposeAsync();
        owned.Clear();
        await database.DisposeAsync();
    }

    sealed record Elector(LeaderElection Election, CoordinatorLeadership Leadership, LeaseHearing Hearing, PostgresDatabase Store, FakeTimeProvider Clock)
    {
        public Task PollAsync() => Election.PollAsync(Store, CancellationToken.None);
    }

    Elector NewElector(TimeSpan? sessionTimeout = null)
    {
        var store = new PostgresDatabase(database.ConnectionString);
        owned.Add(store);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var leadership = new CoordinatorLeadership(meters.GetRequiredService<IMeterFactory>(), clock);
        var hearing = new LeaseHearing(clock, Options.Create(new LeaseSettings()));
        var settings = Options.Create(new LeadershipSettings { PollInterval = Poll, SessionTimeout = sessionTimeout ?? TimeSpan.FromSeconds(10) });
        var election = new LeaderElection(store, leadership, hearing, settings, clock, NullLogger<LeaderElection>.Instance);
        owned.Add(new Disposer(async () =>
        {
            await election.StopAsync(CancellationToken.None);
            election.Dispose();
            await meters.DisposeAsync();
        }));
        return new Elector(election, leadership, hearing, store, clock);
    }

    [Test]
    public async Task Of_two_electors_Should_exactly_one_lead_and_the_other_name_it()
    {
        var a = NewElector();
        var b = NewElector();

        await a.PollAsync();
        await b.PollAsync();
        await a.PollAsync();
        await b.PollAsync();

        Assert.That(a.Leadership.IsLeader, Is.True);
        Assert.That(b.Leadership.IsLeader, Is.False);
        Assert.That(b.Leadership.Leader, Is.EqualTo(CoordinatorLeadership.ReplicaName), "the standby reads the holder's name from its session");
        Assert.That(await LockHoldersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task When_the_leaders_connection_dies_Should_hand_over_at_the_next_poll_and_cancel_the_old_term()
    {
        var a = NewElector();
        var b = NewElector();
        await a.PollAsync();
        await b.PollAsync();
        var term = await a.Leadership.WaitForTermAsync(CancellationToken.None);

        await TerminateLockHolderAsync(); // what the database sees when the leader's process is killed -9

        await b.PollAsync();
        Assert.That(b.Leadership.IsLeader, Is.True, "the lock went with the session: the standby takes it at its next poll");
        Assert.That(term.IsCancellationRequested, Is.False, "the old leader has not polled yet");
        await a.PollAsync();
        Assert.That(a.Leadership.IsLeader, Is.False);
        Assert.That(term.IsCancellationRequested, Is.True, "a leader that finds its lock connection dead stops its loops at once");
        await a.PollAsync();
        Assert.That(a.Leadership.IsLeader, Is.False, "the old leader reconnects as a standby");
        Assert.That(a.Leadership.Leader, Is.EqualTo(CoordinatorLeadership.ReplicaName));
        Assert.That(await LockHoldersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task When_the_leader_goes_silent_Should_the_database_end_its_session_and_the_standby_lead()
    {
        var a = NewElector(sessionTimeout: TimeSpan.FromSeconds(1));
        var b = NewElector(sessionTimeout: TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(async () =>
        {
            await a.PollAsync();
            return a.Leadership.IsLeader;
        }, TimeSpan.FromSeconds(15), "the first elector to lead");

        // A frozen leader (SIGSTOP, a paused VM) keeps its socket open but sends nothing: idle_session_timeout ends it.
        await Eventually.UntilAsync(async () =>
        {
            await b.PollAsync();
            return b.Leadership.IsLeader;
        }, TimeSpan.FromSeconds(15), "the standby to take the silent leader's lock");
        await a.PollAsync();
        Assert.That(a.Leadership.IsLeader, Is.False, "the thawed leader finds its session gone and steps down");
    }

    [Test]
    public async Task When_a_replica_becomes_leader_Should_its_hearing_start_then()
    {
        var a = NewElector();
        var leases = new LeaseSettings();
        a.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That(a.Hearing.CanJudge, Is.True, "heard for five minutes as a standby");

        await a.PollAsync();

        Assert.That(a.Leadership.IsLeader, Is.True);
        Assert.That(a.Hearing.CanJudge, Is.False, "a new leader judges no lease before a full period");
        a.Clock.Advance(leases.LeaseDuration + leases.ReconnectAllowance);
        Assert.That(a.Hearing.CanJudge, Is.True);
    }

    [Test]
    public async Task When_a_leader_stops_Should_release_the_lock_for_the_standby()
    {
        var a = NewElector();
        var b = NewElector();
        await a.PollAsync();
        await b.PollAsync();

        await a.Election.StartAsync(CancellationToken.None);
        await a.Election.StopAsync(CancellationToken.None);
        await b.PollAsync();

        Assert.That(b.Leadership.IsLeader, Is.True);
        Assert.That(a.Leadership.IsLeader, Is.False);
    }

    [Test]
    public async Task On_sqlite_Should_lead_at_once()
    {
        await using var sqlite = new TemporarySqliteDatabase();
        await using var store = new SqliteDatabase(sqlite.ConnectionString);
        var clock = TimeProvider.System;
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var leadership = new CoordinatorLeadership(meters.GetRequiredService<IMeterFactory>(), clock);
        using var election = new LeaderElection(store, leadership, new LeaseHearing(clock, Options.Create(new LeaseSettings())), Options.Create(new LeadershipSettings()), clock,
            NullLogger<LeaderElection>.Instance);

        await election.StartAsync(CancellationToken.None);
        await Eventually.UntilAsync(() => leadership.IsLeader, TimeSpan.FromSeconds(5), "the only process to lead");
        await election.StopAsync(CancellationToken.None);
    }

    async Task<long> LockHoldersAsync()
    {
        await using var connection = await database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("""
            select count(*) from pg_locks where locktype = 'advisory' and granted
              and database = (select oid from pg_database where datname = current_database())
              and classid::bigint = (@key >> 32) and objid::bigint = (@key & 4294967295)
            """, new { key = LeaderElection.LockKey });
    }

    async Task TerminateLockHolderAsync()
    {
        await using var connection = await database.OpenConnectionAsync();
        var ended = await connection.ExecuteScalarAsync<bool>("""
            select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted
              and database = (select oid from pg_database where datname = current_database())
              and classid::bigint = (@key >> 32) and objid::bigint = (@key & 4294967295)
            """, new { key = LeaderElection.LockKey });
        Assert.That(ended, Is.True);
        await Eventually.UntilAsync(async () => await LockHoldersAsync() == 0, TimeSpan.FromSeconds(10), "the terminated session's lock to go");
    }

    sealed class Disposer(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
