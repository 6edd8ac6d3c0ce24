using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.Cli.Tests.Commands;

public class SubmitCommandTests
{
    LoopbackCoordinator coordinator = null!;

    [SetUp]
    public void StartCoordinator() =>
        coordinator = LoopbackCoordinator.Start().On("POST", "/api/items", 201, SampleJson.RunningItem);

    [TearDown]
    public async Task StopCoordinator() => await coordinator.DisposeAsync();

    [Test]
    public async Task When_submitting_Should_post_every_option_as_camelCase_json_with_the_key()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator,
            "submit", "--repo", "https://git.example/acme/api.git", "--prompt", "Bump deps", "--base-ref", "main", "--pool", "night",
            "--priority", "-5", "--timeout", "30m", "--max-attempts", "4", "--label", "team=infra", "--label", "q=a=b",
            "--", "sh", "-c", "make test --verbose"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        var request = coordinator.SingleRequest;
        Assert.That(request.Method, Is.EqualTo("POST"));
        Assert.That(request.Path, Is.EqualTo("/api/items"));
        Assert.That(request.Authorization, Is.EqualTo($"Bearer {CliRunner.TestKey}"));
        Assert.That(request.ContentType, Does.StartWith("application/json"));
        using var body = JsonDocument.Parse(request.Body);
        var json = body.RootElement;
        Assert.That(json.GetProperty("repo").GetString(), Is.EqualTo("https://git.example/acme/api.git"));
        Assert.That(json.GetProperty("prompt").GetString(), Is.EqualTo("Bump deps"));
        Assert.That(json.GetProperty("command").EnumerateArray().Select(a => a.GetString()),
            Is.EqualTo(new[] { "sh", "-c", "make test --verbose" }));
        Assert.That(json.GetProperty("baseRef").GetString(), Is.EqualTo("main"));
        Assert.That(json.GetProperty("pool").GetString(), Is.EqualTo("night"));
        Assert.That(json.GetProperty("priority").GetInt32(), Is.EqualTo(-5));
        Assert.That(json.GetProperty("timeout").GetString(), Is.EqualTo("30m"));
        Assert.That(json.GetProperty("maxAttempts").GetInt32(), Is.EqualTo(4));
        Assert.That(json.GetProperty("labels").GetProperty("team").GetString(), Is.EqualTo("infra"));
        Assert.That(json.GetProperty("labels").GetProperty("q").GetString(), Is.EqualTo("a=b"));
        Assert.That(result.Stdout, Does.StartWith(SampleJson.RunningId + Environment.NewLine));
        Assert.That(result.Stdout, Does.Contain("stamina show 3f2a1b4c"));
        Assert.That(result.Stderr, Is.Empty);
    }

    [Test]
    public async Task When_options_are_left_out_Should_leave_them_out_of_the_json_for_the_coordinator_to_default()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "--repo", "/srv/git/web.git", "--", "make"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var body = JsonDocument.Parse(coordinator.SingleRequest.Body);
        Assert.That(body.RootElement.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "repo", "command" }));
    }

    [Test]
    public async Task When_quiet_Should_print_only_the_id()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-q", "--repo", "r", "--", "make"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Is.EqualTo(SampleJson.RunningId + Environment.NewLine));
    }

    [Test]
    public async Task When_json_Should_print_the_created_item_as_parseable_json()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "--json", "--repo", "r", "--", "make"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var printed = JsonDocument.Parse(result.Stdout);
        Assert.That(printed.RootElement.GetProperty("id").GetString(), Is.EqualTo(SampleJson.RunningId));
    }

    [Test]
    public async Task When_the_prompt_is_in_a_file_Should_send_its_text()
    {
        using var directory = new TemporaryDirectory("cli");
        var file = directory.Combine("task.md");
        await File.WriteAllTextAsync(file, "# Task\nRaise coverage of Leases.\n");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "--repo", "r", "--prompt-file", file, "--", "agent"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var body = JsonDocument.Parse(coordinator.SingleRequest.Body);
        Assert.That(body.RootElement.GetProperty("prompt").GetString(), Is.EqualTo("# Task\nRaise coverage of Leases.\n"));
    }

    [Test]
    public async Task When_the_prompt_file_is_a_dash_Should_read_standard_input()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string>(),
            CliRunner.Against(coordinator, "submit", "--repo", "r", "--prompt-file", "-", "--", "agent"), stdin: "from a pipe");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var body = JsonDocument.Parse(coordinator.SingleRequest.Body);
        Assert.That(body.RootElement.GetProperty("prompt").GetString(), Is.EqualTo("from a pipe"));
    }

    [Test]
    public async Task When_the_prompt_file_is_missing_Should_exit_2_before_sending_anything()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator,
            "submit", "--repo", "r", "--prompt-file", "/nonexistent/task.md", "--", "agent"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain("cannot read --prompt-file '/nonexistent/task.md'"));
        Assert.That(coordinator.Requests, Is.Empty);
    }

    [Test]
    public async Task When_no_url_or_key_is_given_Should_use_STAMINA_URL_and_STAMINA_API_KEY()
    {
        var environment = new Dictionary<string, string>
        {
            ["STAMINA_URL"] = coordinator.Url.AbsoluteUri.TrimEnd('/'),
            ["STAMINA_API_KEY"] = "from-the-environment",
        };

        var result = await CliRunner.RunAsync(environment, ["submit", "--repo", "r", "--", "make"]);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.Authorization, Is.EqualTo("Bearer from-the-environment"));
    }

    [Test]
    public async Task When_the_coordinator_rejects_fields_Should_exit_5_and_print_each_field_and_message()
    {
        await using var rejecting = LoopbackCoordinator.Start().OnProblem("POST", "/api/items", 400, "The request is invalid.",
            "repo: ...", new Dictionary<string, string[]>
            {
                ["repo"] = ["the 'ext::' transport is not allowed"],
                ["timeout"] = ["must be between 1 second and 24 hours"],
            });

        var result = await CliRunner.RunAsync(CliRunner.Against(rejecting, "submit", "--repo", "ext::sh -c x", "--timeout", "48h", "--", "make"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidRequest), result.ToString());
        Assert.That(result.Stderr, Does.Contain("repo: the 'ext::' transport is not allowed"));
        Assert.That(result.Stderr, Does.Contain("timeout: must be between 1 second and 24 hours"));
        Assert.That(result.Stdout, Is.Empty);
    }
}
