using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.Cli.Tests.Commands;

/// <summary>A relative <c>--repo</c> is the user's directory: the CLI sends it as an absolute path.</summary>
public class SubmitRepoPathTests
{
    LoopbackCoordinator coordinator = null!;
    TemporaryDirectory directory = null!;

    [SetUp]
    public void Start()
    {
        coordinator = LoopbackCoordinator.Start().On("POST", "/api/items", 201, SampleJson.RunningItem).On("POST", "/api/batches", 201, SampleJson.Batch);
        directory = new TemporaryDirectory("cli-repo-path");
        Directory.CreateDirectory(directory.Combine("work", "api"));
    }

    [TearDown]
    public async Task Stop()
    {
        await coordinator.DisposeAsync();
        directory.Dispose();
    }

    async Task<string> SentRepoAsync(string repo, string? workingDirectory = null)
    {
        var result = await CliRunner.RunInAsync(workingDirectory ?? directory.Combine("work", "api"), new Dictionary<string, string>(),
            CliRunner.Against(coordinator, "submit", "--repo", repo, "--", "make"));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var body = JsonDocument.Parse(coordinator.Requests[^1].Body);
        return body.RootElement.GetProperty("repo").GetString()!;
    }

    [Test]
    public async Task When_the_repo_is_dot_Should_send_the_working_directory() =>
        Assert.That(await SentRepoAsync("."), Is.EqualTo(directory.Combine("work", "api")));

    [Test]
    public async Task When_the_repo_is_relative_Should_send_it_resolved_against_the_working_directory()
    {
        Assert.That(await SentRepoAsync("../api"), Is.EqualTo(directory.Combine("work", "api")));
        Assert.That(await SentRepoAsync("api", directory.Combine("work")), Is.EqualTo(directory.Combine("work", "api")));
    }

    [Test]
    public async Task When_the_repo_is_under_home_Should_send_the_home_path() =>
        Assert.That(await SentRepoAsync("~/src/app"), Is.EqualTo(Path.Combine(directory.Combine("work", "api"), "home", "src", "app")));

    [TestCase("https://github.com/acme/api.git")]
    [TestCase("git@github.com:acme/api.git")]
    [TestCase("/srv/git/api.git")]
    [TestCase("file:///srv/git/api.git")]
    public async Task When_the_repo_is_an_address_or_absolute_Should_send_it_as_given(string repo) =>
        Assert.That(await SentRepoAsync(repo), Is.EqualTo(repo));

    [Test]
    public async Task When_a_task_file_names_a_relative_repo_Should_resolve_it_against_the_file()
    {
        var file = directory.Combine("work", "night.yml");
        await File.WriteAllTextAsync(file, "tasks:\n  - repo: ./api\n    command: [make]\n");

        var result = await CliRunner.RunInAsync(directory.Path, new Dictionary<string, string>(), CliRunner.Against(coordinator, "submit", "-f", file));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var body = JsonDocument.Parse(coordinator.SingleRequest.Body);
        Assert.That(body.RootElement.GetProperty("items")[0].GetProperty("repo").GetString(), Is.EqualTo(directory.Combine("work", "api")));
    }
}
