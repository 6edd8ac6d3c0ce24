using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

/// <summary><c>stamina breakers</c>, <c>breakers reset ID</c>, and a breaker beside its account's workers and in <c>stats</c>.</summary>
public class BreakersCommandTests
{
    const string Id = "0b5c2f7e-3d7a-4f7e-9d43-1c2b3a4d5e6f";

    const string OpenRepo = $$"""
        { "id": "{{Id}}", "scope": "repo", "key": "/srv/app", "status": "open", "signature": "exit: fatal: cannot build <uuid>",
          "openedAt": "2026-12-06T22:00:00Z", "openUntil": "2099-12-06T22:05:00Z", "coolDownSeconds": 300, "trips": 1,
          "recentFailures": 0, "updatedAt": "2026-12-06T22:00:00Z" }
        """;

    [Test]
    public async Task When_listing_Should_show_each_breaker_with_its_status_and_signature()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/breakers", 200, $$"""{ "breakers": [ {{OpenRepo}} ] }""");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "breakers"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        var lines = result.Stdout.Split('\n');
        Assert.That(lines[0], Does.Contain("SCOPE").And.Contain("SIGNATURE"));
        Assert.That(lines[1], Does.Contain(Id).And.Contain("repo").And.Contain("/srv/app").And.Contain("open").And.Contain("exit: fatal"));
    }

    [Test]
    public async Task When_none_is_tripped_Should_say_so()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/breakers", 200, """{ "breakers": [] }""");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "breakers"));

        Assert.That(result.Stdout, Does.StartWith("No circuit breaker is open"));
    }

    [Test]
    public async Task When_resetting_Should_post_and_confirm()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("POST", $"/api/breakers/{Id}/reset", 200,
            OpenRepo.Replace("\"open\"", "\"closed\"", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "breakers", "reset", Id));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.Method, Is.EqualTo("POST"));
        Assert.That(result.Stdout, Is.EqualTo("Closed the breaker of repo /srv/app" + Environment.NewLine));
    }

    [Test]
    public async Task When_the_breaker_is_unknown_Should_exit_6()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .OnProblem("POST", $"/api/breakers/{Id}/reset", 404, "Not found.", $"no breaker with id {Id}");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "breakers", "reset", Id));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotFound), result.ToString());
        Assert.That(result.Stderr, Does.Contain($"no breaker with id {Id}"));
    }

    [Test]
    public async Task When_the_id_is_not_a_guid_Should_exit_2_and_send_nothing()
    {
        await using var coordinator = LoopbackCoordinator.Start();

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "breakers", "reset", "main"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain("main"));
        Assert.That(coordinator.Requests, Is.Empty);
    }

    [Test]
    public async Task When_a_workers_account_has_a_breaker_Should_show_it_beside_the_worker()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, $$"""
            { "workers": [ { "name": "worker-a", "machine": "m", "pool": "default", "account": "a", "state": "idle",
              "version": "1", "startedAt": "2026-12-06T21:00:00Z", "lastSeenAt": "2026-12-06T22:00:00Z",
              "breaker": {{OpenRepo.Replace("\"repo\"", "\"account\"", StringComparison.Ordinal)}} } ] }
            """);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "workers"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout.Split('\n').Single(l => l.Contains("worker-a", StringComparison.Ordinal)),
            Does.Contain("breaker open until").And.Contain("exit: fatal"));
    }

    [Test]
    public async Task When_stats_has_open_breakers_Should_list_them()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/stats", 200, $$"""{ "breakers": [ {{OpenRepo}} ] }""");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "stats"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Does.Contain("OPEN BREAKER").And.Contain("repo /srv/app").And.Contain("2099-12-06 22:05 UTC"));
    }
}
