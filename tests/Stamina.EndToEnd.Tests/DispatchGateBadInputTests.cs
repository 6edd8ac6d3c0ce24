using System.Text;
using System.Text.Json;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Bad input to pause and resume, and bad gate settings: a clear error naming the problem, nothing changed. Nothing is
/// changed by any test, so they share one fleet, and each checks that no pause was made.
/// </summary>
[TestFixture]
public sealed class DispatchGateBadInputTests : SharedFleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 0 };

    static IEnumerable<TestCaseData> BadRequests()
    {
        yield return new TestCaseData("pause", "{\"pool\": ", "body").SetName("pause: malformed JSON");
        yield return new TestCaseData("pause", "[1]", "body").SetName("pause: not an object");
        yield return new TestCaseData("pause", "{\"pool\":\"default\",\"why\":\"x\"}", "body").SetName("pause: unknown field");
        yield return new TestCaseData("pause", "{\"pool\":\"../x\"}", "pool").SetName("pause: bad pool name");
        yield return new TestCaseData("pause", "{\"pool\":\"\"}", "pool").SetName("pause: empty pool name");
        yield return new TestCaseData("pause", "{\"reason\":\"" + new string('x', 501) + "\"}", "reason").SetName("pause: reason too long");
        yield return new TestCaseData("pause", "{\"reason\":\"two\\nlines\"}", "reason").SetName("pause: reason with a control character");
        yield return new TestCaseData("resume", "{\"pool\":\"Night!\"}", "pool").SetName("resume: bad pool name");
        yield return new TestCaseData("resume", "{\"reason\":\"done\"}", "reason").SetName("resume: a reason");
    }

    [TestCaseSource(nameof(BadRequests))]
    public async Task When_a_pause_or_resume_is_invalid_Should_answer_400_naming_the_field_and_change_nothing(string action, string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        await FieldProblem.AssertNamesAsync(await fleet.Api.PostAsync($"/api/dispatch/{action}", content), field);

        var state = JsonDocument.Parse(await fleet.Api.GetStringAsync("/api/dispatch")).RootElement;
        Assert.That(state.GetProperty("pauses").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task When_the_cli_is_given_a_bad_pool_Should_exit_5_naming_it()
    {
        var environment = new Dictionary<string, string> { ["STAMINA_URL"] = fleet.Url, ["STAMINA_API_KEY"] = fleet.ApiKey, ["NO_COLOR"] = "1" };
        var run = await CliRun.RunAsync(environment, "dispatch", "pause", "--pool", "../x");
        Assert.That(run.ExitCode, Is.EqualTo(5));
        Assert.That(run.Error, Does.Contain("pool"));
        var unknown = await CliRun.RunAsync(environment, "dispatch", "stop");
        Assert.That(unknown.ExitCode, Is.EqualTo(2), "an unknown subcommand is a usage error");
    }

    [TestCase("Stamina__Spend__DailyUsd", "-1", "Stamina:Spend:DailyUsd must be a positive amount")]
    [TestCase("Stamina__Spend__TimeZone", "Mars/Olympus", "Stamina:Spend:TimeZone 'Mars/Olympus' is not a time zone")]
    [TestCase("Stamina__Spend__Accounts__work__DailyUsd", "0", "Stamina:Spend:Accounts:work:DailyUsd must be a positive amount")]
    [TestCase("Stamina__Prices__gpt-5__InputPerMillionUsd", "1", "Stamina:Prices:gpt-5 needs InputPerMillionUsd and OutputPerMillionUsd")]
    [TestCase("Stamina__Dispatch__AgingAfter", "00:00:00", "AgingAfter")]
    public async Task When_a_gate_setting_is_bad_Should_refuse_to_start_naming_it(string key, string value, string message)
    {
        await using var coordinator = ServiceProcess.Start("coordinator", RepositoryRoot.Program("Coordinator", "stamina-coordinator"),
            ["--urls", "http://127.0.0.1:0"], new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = fleet.DatabaseConnectionString,
                ["ConnectionStrings__RabbitMq"] = "amqp://none:none@127.0.0.1:5672/none",
                ["Stamina__ApiKey"] = fleet.ApiKey,
                [key] = value,
            });

        await coordinator.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.That(coordinator.ExitCode, Is.Not.Zero);
        Assert.That(string.Join('\n', coordinator.Output), Does.Contain(message));
    }
}
