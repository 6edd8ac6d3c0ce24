using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.Cli.Tests.Commands;

/// <summary>Idempotency keys the CLI sends, and how it reports an item that was already submitted.</summary>
public class SubmitIdempotencyTests
{
    static readonly Dictionary<string, string> Replayed = new() { ["Idempotent-Replayed"] = "true" };

    LoopbackCoordinator coordinator = null!;
    TemporaryDirectory directory = null!;

    [SetUp]
    public void Start()
    {
        coordinator = LoopbackCoordinator.Start();
        directory = new TemporaryDirectory("cli-idempotency");
    }

    [TearDown]
    public async Task Stop()
    {
        await coordinator.DisposeAsync();
        directory.Dispose();
    }

    const string TwoTasks = """
        defaults: { repo: /srv/git/api.git }
        tasks:
          - command: [make, lint]
          - command: [make, test]
          - command: [make, lint]
        """;

    [Test]
    public async Task When_a_key_is_given_Should_send_it_and_say_when_the_item_was_already_submitted()
    {
        coordinator.OnSequence("POST", "/api/items", new CannedResponse(201, SampleJson.RunningItem),
            new CannedResponse(200, SampleJson.RunningItem, Headers: Replayed));
        string[] args = ["submit", "--idempotency-key", "nightly-lint", "--repo", "/srv/git/api.git", "--", "make", "lint"];

        var first = await CliRunner.RunAsync(CliRunner.Against(coordinator, args));
        var second = await CliRunner.RunAsync(CliRunner.Against(coordinator, args));

        Assert.That(coordinator.Requests.Select(r => r.IdempotencyKey), Is.EqualTo(new[] { "nightly-lint", "nightly-lint" }));
        Assert.That((first.ExitCode, second.ExitCode), Is.EqualTo((0, 0)), second.ToString());
        Assert.That(first.Stdout, Does.Contain("Submitted to pool"));
        Assert.That(second.Stdout, Does.StartWith(SampleJson.RunningId).And.Contain("Already submitted with this idempotency key"));
    }

    [Test]
    public async Task When_no_key_is_given_Should_send_none()
    {
        coordinator.On("POST", "/api/items", 201, SampleJson.RunningItem);

        await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "--repo", "/srv/git/api.git", "--", "make"));

        Assert.That(coordinator.SingleRequest.IdempotencyKey, Is.Null);
    }

    [Test]
    public async Task When_a_file_is_run_twice_Should_send_the_same_batch_key_and_say_it_was_there()
    {
        var file = directory.Combine("night.yml");
        await File.WriteAllTextAsync(file, TwoTasks);
        coordinator.OnSequence("POST", "/api/batches", new CannedResponse(201, SampleJson.Batch),
            new CannedResponse(200, SampleJson.Batch, Headers: Replayed));

        var first = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file));
        var second = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file));

        var keys = coordinator.Requests.Select(r => r.IdempotencyKey!).ToList();
        Assert.That(keys, Has.Count.EqualTo(2));
        Assert.That(keys[1], Is.EqualTo(keys[0]), "the same file gives the same key");
        Assert.That(keys, Has.All.StartWith("stamina-batch:"));
        Assert.That(first.Stderr, Does.Contain("submitted 2 item(s) as one batch"));
        Assert.That(second.Stderr, Does.Contain("already submitted"));
    }

    [Test]
    public async Task When_a_task_changes_Should_get_a_new_key()
    {
        var file = directory.Combine("night.yml");
        await File.WriteAllTextAsync(file, TwoTasks);
        coordinator.On("POST", "/api/batches", 201, SampleJson.Batch);
        await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file));
        await File.WriteAllTextAsync(file, TwoTasks.Replace("[make, test]", "[make, test-all]", StringComparison.Ordinal));

        await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file));

        var keys = coordinator.Requests.Select(r => r.IdempotencyKey!).ToList();
        Assert.That(keys[1], Is.Not.EqualTo(keys[0]));
    }

    [Test]
    public async Task When_a_key_is_given_with_a_file_Should_refuse_and_send_nothing()
    {
        var file = directory.Combine("night.yml");
        await File.WriteAllTextAsync(file, TwoTasks);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file, "--idempotency-key", "k"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.Stderr, Does.Contain("--idempotency-key is for one item"));
        Assert.That(coordinator.Requests, Is.Empty);
    }

    [Test]
    public async Task When_the_coordinator_refuses_a_key_Should_name_the_header()
    {
        coordinator.OnProblem("POST", "/api/items", 422, "The idempotency key was used for another request.",
            "Idempotency-Key 'k' was already used for a different request", new Dictionary<string, string[]>
            {
                ["Idempotency-Key"] = ["'k' was already used for a different request (item 1); send the same request, or a new key"],
            });

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "--idempotency-key", "k", "--repo", "/r", "--", "make"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidRequest));
        Assert.That(result.Stderr, Does.Contain("Idempotency-Key: 'k' was already used for a different request"));
    }
}
