using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests;

/// <summary>Every way a request can fail ends in one line on stderr and a documented exit code, never a stack trace.</summary>
public class FailureTests
{
    [TestCase(401)]
    [TestCase(403)]
    public async Task When_the_key_is_refused_Should_exit_4_and_say_how_to_set_it(int status)
    {
        await using var coordinator = LoopbackCoordinator.Start().OnProblem("GET", "/api/items", status, "Unauthorized.",
            "send the coordinator's API key as 'Authorization: Bearer <key>'");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "list"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Unauthorized), result.ToString());
        Assert.That(result.Stderr, Does.Contain("the coordinator refused the API key; set STAMINA_API_KEY or --api-key"));
        Assert.That(result.Stdout, Is.Empty);
        AssertNoStackTrace(result);
    }

    [Test]
    public async Task When_no_key_is_given_Should_send_no_authorization_and_say_none_was_given_if_refused()
    {
        await using var coordinator = LoopbackCoordinator.Start().OnProblem("GET", "/api/workers", 401, "Unauthorized.");

        var result = await CliRunner.RunAsync("workers", "--url", coordinator.Url.AbsoluteUri);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Unauthorized), result.ToString());
        Assert.That(coordinator.SingleRequest.Authorization, Is.Null);
        Assert.That(result.Stderr, Does.Contain("(no key was given)"));
    }

    [Test]
    public async Task When_nothing_listens_at_the_url_Should_exit_3_and_name_the_url()
    {
        var url = $"http://127.0.0.1:{LoopbackCoordinator.FreePort()}";

        var result = await CliRunner.RunAsync("list", "--url", url);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Unreachable), result.ToString());
        Assert.That(result.Stderr, Does.Contain($"cannot reach the coordinator at {url}/"));
        Assert.That(result.Stderr, Does.Contain("STAMINA_URL"));
        AssertNoStackTrace(result);
    }

    [Test]
    public async Task When_STAMINA_URL_is_not_an_address_Should_exit_2()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string> { ["STAMINA_URL"] = "coordinator:5080" }, ["workers"]);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain("STAMINA_URL must be an http:// or https:// address"));
    }

    [Test]
    public async Task When_the_coordinator_fails_Should_exit_1_with_the_status_and_detail()
    {
        await using var coordinator = LoopbackCoordinator.Start().OnProblem("GET", "/api/workers", 503, "Unavailable.", "the database is down");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "workers"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Unexpected), result.ToString());
        Assert.That(result.Stderr, Does.Contain("503").And.Contain("the database is down"));
        AssertNoStackTrace(result);
    }

    [Test]
    public async Task When_the_answer_is_not_json_Should_exit_1_and_ask_whether_the_url_is_the_coordinator()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", "/api/workers", 200, "<html>a proxy</html>", "text/html");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "workers"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Unexpected), result.ToString());
        Assert.That(result.Stderr, Does.Contain("is that address the coordinator?"));
        AssertNoStackTrace(result);
    }

    [Test]
    public async Task When_a_404_has_no_problem_body_Should_still_exit_6()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", $"/api/items/{SampleJson.RunningId}", 404, "", "text/plain");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "show", SampleJson.RunningId));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotFound), result.ToString());
        Assert.That(result.Stderr, Does.Contain("not found"));
    }

    static void AssertNoStackTrace(CliResult result) =>
        Assert.That(result.Stderr, Does.Not.Contain("   at ").And.Not.Contain("Exception"), result.ToString());
}
