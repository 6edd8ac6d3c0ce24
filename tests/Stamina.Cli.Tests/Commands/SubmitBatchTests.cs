using System.Text.Json;
using Stamina.Cli.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.Cli.Tests.Commands;

/// <summary><c>stamina submit -f tasks.yml</c>: the one batch sent for a good file, and that a bad one sends nothing.</summary>
public class SubmitBatchTests
{
    LoopbackCoordinator coordinator = null!;
    TemporaryDirectory directory = null!;

    [SetUp]
    public void Start()
    {
        coordinator = LoopbackCoordinator.Start().On("POST", "/api/batches", 201, SampleJson.Batch);
        directory = new TemporaryDirectory("cli-batch");
    }

    [TearDown]
    public async Task Stop()
    {
        await coordinator.DisposeAsync();
        directory.Dispose();
    }

    const string GoodFile = """
        defaults:
          repo: /srv/git/api.git
          harness: claude
          pool: night
          labels: { team: infra }
        tasks:
          - prompt: Fix the flaky lease test
            model: sonnet
            skillLevel: senior
            maxTurns: 40
            maxBudgetUsd: 2.5
            stallTimeout: 10m
            appendSystemPrompt: Be brief.
            labels: { ticket: OPS-1 }
          - promptFile: prompts/bump.md
            harness: codex
            priority: -5
            timeout: 2h
            maxAttempts: 2
          - harness: command
            command: [make, test, "--verbose"]
            baseRef: main
            repo: https://git.example/acme/web.git
          - taskFile: .task.md
            harness: gemini
        """;

    [Test]
    public async Task When_the_file_is_good_Should_post_one_batch_of_the_tasks_in_order_with_the_defaults_under_them()
    {
        var file = await WriteAsync(GoodFile);
        Directory.CreateDirectory(directory.Combine("prompts"));
        await File.WriteAllTextAsync(directory.Combine("prompts", "bump.md"), "Bump the minor versions.\nKeep tests green.\n");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.Requests.Select(r => $"{r.Method} {r.Path}"), Is.EqualTo(new[] { "POST /api/batches" }));
        var batch = JsonDocument.Parse(coordinator.SingleRequest.Body).RootElement;
        Assert.That(batch.GetProperty("name").GetString(), Is.EqualTo("tasks.yml"));
        var bodies = batch.GetProperty("items").EnumerateArray().ToList();
        Assert.That(bodies.Select(b => b.GetProperty("key").GetString()), Is.EqualTo(new[] { "tasks[0]", "tasks[1]", "tasks[2]", "tasks[3]" }),
            "a task without a name is keyed by its place");

        Assert.That(Names(bodies[0]), Is.EquivalentTo(new[]
        {
            "key", "repo", "harness", "pool", "labels", "prompt", "model", "skillLevel", "maxTurns", "maxBudgetUsd", "stallTimeout", "appendSystemPrompt",
        }));
        Assert.That(bodies[0].GetProperty("repo").GetString(), Is.EqualTo("/srv/git/api.git"));
        Assert.That(bodies[0].GetProperty("harness").GetString(), Is.EqualTo("claude"));
        Assert.That(bodies[0].GetProperty("prompt").GetString(), Is.EqualTo("Fix the flaky lease test"));
        Assert.That(bodies[0].GetProperty("model").GetString(), Is.EqualTo("sonnet"));
        Assert.That(bodies[0].GetProperty("skillLevel").GetString(), Is.EqualTo("senior"));
        Assert.That(bodies[0].GetProperty("maxTurns").GetInt32(), Is.EqualTo(40));
        Assert.That(bodies[0].GetProperty("maxBudgetUsd").GetDecimal(), Is.EqualTo(2.5m));
        Assert.That(bodies[0].GetProperty("stallTimeout").GetString(), Is.EqualTo("10m"));
        Assert.That(bodies[0].GetProperty("appendSystemPrompt").GetString(), Is.EqualTo("Be brief."));
        Assert.That(Labels(bodies[0]), Is.EquivalentTo(new Dictionary<string, string> { ["team"] = "infra", ["ticket"] = "OPS-1" }));

        Assert.That(bodies[1].GetProperty("prompt").GetString(), Is.EqualTo("Bump the minor versions.\nKeep tests green.\n"),
            "promptFile is read relative to the task file");
        Assert.That(bodies[1].GetProperty("harness").GetString(), Is.EqualTo("codex"));
        Assert.That(bodies[1].GetProperty("priority").GetInt32(), Is.EqualTo(-5));
        Assert.That(bodies[1].GetProperty("timeout").GetString(), Is.EqualTo("2h"));
        Assert.That(bodies[1].GetProperty("maxAttempts").GetInt32(), Is.EqualTo(2));
        Assert.That(bodies[1].TryGetProperty("promptFile", out _), Is.False, "the file's text is sent, not its name");

        Assert.That(bodies[2].GetProperty("repo").GetString(), Is.EqualTo("https://git.example/acme/web.git"));
        Assert.That(bodies[2].GetProperty("command").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "make", "test", "--verbose" }));
        Assert.That(bodies[2].GetProperty("baseRef").GetString(), Is.EqualTo("main"));

        Assert.That(bodies[3].GetProperty("taskFile").GetString(), Is.EqualTo(".task.md"));
        Assert.That(bodies[3].TryGetProperty("prompt", out _), Is.False);

        var lines = result.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo(SampleJson.BatchId), "the batch id comes first and alone");
        Assert.That(result.Stdout, Does.Contain("3f2a1b4c").And.Contain("build").And.Contain("Queued"));
        Assert.That(result.Stdout, Does.Contain("7c0d2e11").And.Contain("Pending"));
        Assert.That(result.Stderr, Does.Contain("submitted 2 item(s) as one batch"));
    }

    [Test]
    public async Task When_tasks_name_their_dependencies_Should_send_names_as_keys_with_after_and_baseFrom()
    {
        var file = await WriteAsync("""
            defaults: { repo: /srv/git/api.git, onDependencyFailure: run }
            tasks:
              - name: build
                command: [make]
              - name: test
                command: [make, test]
                after: [build]
                baseFrom: build
                onDependencyFailure: skip
              - command: [make, docs]
                after: build
            """);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        var items = JsonDocument.Parse(coordinator.SingleRequest.Body).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.That(items.Select(i => i.GetProperty("key").GetString()), Is.EqualTo(new[] { "build", "test", "tasks[2]" }));
        Assert.That(items[1].GetProperty("after").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "build" }));
        Assert.That(items[1].GetProperty("baseFrom").GetString(), Is.EqualTo("build"));
        Assert.That(items[1].GetProperty("onDependencyFailure").GetString(), Is.EqualTo("skip"));
        Assert.That(items[2].GetProperty("after").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "build" }), "one name alone is a list of one");
        Assert.That(items[2].GetProperty("onDependencyFailure").GetString(), Is.EqualTo("run"), "from the defaults");
        Assert.That(items[0].TryGetProperty("after", out _), Is.False);
    }

    [Test]
    public async Task When_json_Should_print_the_created_batch()
    {
        var file = await WriteAsync("""
            - { repo: r, command: [make] }
            - { repo: r, command: [make, lint] }
            """);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "--file", file, "--json"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        using var printed = JsonDocument.Parse(result.Stdout);
        Assert.That(printed.RootElement.GetProperty("id").GetString(), Is.EqualTo(SampleJson.BatchId));
        Assert.That(printed.RootElement.GetProperty("items")[1].GetProperty("id").GetString(), Is.EqualTo(SampleJson.SucceededId));
    }

    // Each file has one mistake; the message names file:line:column and the field, like a compiler's.
    [TestCase("syntax error", "- repo: r\n  command: [make\n", "tasks.yml:3:1: ")]
    [TestCase("tab in indentation", "tasks:\n\t- repo: r\n", "tasks.yml:1:1: While scanning a mapping, found invalid tab")]
    [TestCase("unknown key", "- repo: r\n  modle: sonnet\n  command: [make]\n", "tasks.yml:2:3: tasks[0]: unknown key \"modle\"; known keys: repo,")]
    [TestCase("unknown key in defaults", "defaults: { repo: r, retries: 3 }\ntasks:\n  - command: [make]\n", "tasks.yml:1:22: defaults: unknown key \"retries\"")]
    [TestCase("unknown top-level key", "task:\n  - repo: r\n", "tasks.yml:1:1: unknown key \"task\"")]
    [TestCase("wrong type", "- repo: r\n  command: [make]\n- repo: r\n  command: [make]\n- repo: r\n  harness: claude\n  prompt: x\n  maxTurns: many\n",
        "tasks.yml:8:13: tasks[2].maxTurns: expected a whole number, got \"many\"")]
    [TestCase("budget not a number", "- { repo: r, harness: claude, prompt: x, maxBudgetUsd: lots }\n",
        "tasks.yml:1:56: tasks[0].maxBudgetUsd: expected a number, got \"lots\"")]
    [TestCase("command as a string", "- repo: r\n  command: make test\n", "tasks.yml:2:12: tasks[0].command: expected a list of arguments such as [make, test], got \"make test\"")]
    [TestCase("labels as a list", "- repo: r\n  command: [make]\n  labels: [a, b]\n", "tasks.yml:3:11: tasks[0].labels: expected a mapping of key: value, got a list")]
    [TestCase("bad duration", "- repo: r\n  command: [make]\n  timeout: 90\n", "tasks.yml:3:12: tasks[0].timeout: expected a duration such as 90s, 30m, 2h or hh:mm:ss, got \"90\"")]
    [TestCase("unknown harness", "- repo: r\n  harness: cursor\n  prompt: x\n", "tasks.yml:2:12: tasks[0].harness: unknown harness 'cursor'")]
    [TestCase("bad skill level", "- { repo: r, harness: claude, prompt: x, skillLevel: guru }\n", "tasks.yml:1:54: tasks[0].skillLevel: must be one of junior, senior, principal")]
    [TestCase("missing repo", "- command: [make]\n- prompt: x\n  harness: claude\n", "tasks.yml:2:3: tasks[1].repo: missing")]
    [TestCase("agent without a prompt", "- repo: r\n  harness: codex\n", "tasks.yml:2:12: tasks[0].harness: the codex harness needs a prompt")]
    [TestCase("agent with a command", "- repo: r\n  harness: codex\n  prompt: x\n  command: [make]\n", "tasks.yml:4:12: tasks[0].command: the codex harness runs the agent itself")]
    [TestCase("command harness without a command", "- repo: r\n", "tasks.yml:1:3: tasks[0].command: the command harness needs a command")]
    [TestCase("promptFile missing", "- repo: r\n  harness: claude\n  promptFile: prompts/nope.md\n", "tasks.yml:3:15: tasks[0].promptFile: cannot read 'prompts/nope.md'")]
    [TestCase("prompt and promptFile", "- repo: r\n  harness: claude\n  prompt: x\n  promptFile: p.md\n", "tasks.yml:4:15: tasks[0].promptFile: give prompt or promptFile, not both")]
    [TestCase("a task that is not a mapping", "- repo: r\n  command: [make]\n- just text\n", "tasks.yml:3:3: tasks[1]: expected a mapping of task fields, got \"just text\"")]
    [TestCase("duplicate key", "- repo: r\n  repo: s\n  command: [make]\n", "tasks.yml:2:3: ")]
    [TestCase("no tasks", "tasks: []\n", "tasks.yml:1:8: tasks: the list of tasks is empty")]
    [TestCase("empty file", "", "tasks.yml:")]
    [TestCase("a scalar document", "make test\n", "tasks.yml:1:1: expected a list of tasks")]
    [TestCase("after an unknown task", "- { name: a, repo: r, command: [make] }\n- { repo: r, command: [make], after: [b] }\n",
        "tasks.yml:2:38: tasks[1].after: no task named 'b' in this file")]
    [TestCase("a cycle", "- { name: build, repo: r, command: [make], after: [test] }\n- { name: test, repo: r, command: [make], after: [build] }\n",
        "tasks.yml:2:50: tasks[1].after: cycle build -> test -> build")]
    [TestCase("after itself", "- { name: a, repo: r, command: [make], after: [a] }\n", "tasks.yml:1:47: tasks[0].after: cycle a -> a")]
    [TestCase("baseFrom not in after", "- { name: a, repo: r, command: [make] }\n- { repo: r, command: [make], baseFrom: a }\n",
        "tasks.yml:2:41: tasks[1].baseFrom: 'a' is not in after")]
    [TestCase("a name twice", "- { name: a, repo: r, command: [make] }\n- { name: a, repo: r, command: [make] }\n",
        "tasks.yml:2:11: tasks[1].name: 'a' is the name of tasks[0] too")]
    [TestCase("a bad name", "- { name: 'my task', repo: r, command: [make] }\n", "tasks.yml:1:11: tasks[0].name: a task name is 1-63 letters")]
    [TestCase("a bad policy", "- { repo: r, command: [make], onDependencyFailure: ignore }\n",
        "tasks.yml:1:52: tasks[0].onDependencyFailure: must be skip or run, got \"ignore\"")]
    [TestCase("after as a mapping", "- { repo: r, command: [make], after: { a: 1 } }\n",
        "tasks.yml:1:38: tasks[0].after: expected a list of task names such as [build, test], got a mapping")]
    [TestCase("after in the defaults", "defaults: { repo: r, after: [a] }\ntasks:\n  - command: [make]\n",
        "tasks.yml:1:22: defaults.after: belongs to one task")]
    public async Task When_the_file_has_a_mistake_Should_exit_5_name_the_line_and_submit_nothing(string what, string yaml, string expected)
    {
        var file = await WriteAsync(yaml);

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidRequest), $"{what}: {result}");
        Assert.That(result.Stderr, Does.Contain(expected), what);
        Assert.That(result.Stderr, Does.Contain("nothing was submitted"), what);
        Assert.That(result.Stdout, Is.Empty, what);
        Assert.That(coordinator.Requests, Is.Empty, what);
    }

    [Test]
    public async Task When_several_tasks_are_wrong_Should_report_every_mistake_at_once()
    {
        var file = await WriteAsync("- repo: r\n  command: [make]\n  priority: high\n- repo: r\n  command: [make]\n  maxAttempts: 0\n");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidRequest), result.ToString());
        Assert.That(result.Stderr, Does.Contain("tasks.yml:3:13: tasks[0].priority: expected a whole number, got \"high\""));
        Assert.That(result.Stderr, Does.Contain("tasks.yml:6:16: tasks[1].maxAttempts: must be between 1 and 20"));
        Assert.That(coordinator.Requests, Is.Empty);
    }

    [Test]
    public async Task When_a_value_is_wrong_Should_not_add_follow_on_messages_about_the_harness_rules()
    {
        var file = await WriteAsync("- repo: r\n  harness: cursor\n  prompt: x\n");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidRequest), result.ToString());
        Assert.That(result.Stderr, Does.Contain("unknown harness 'cursor'").And.Not.Contain("needs a command"));
    }

    [Test]
    public async Task When_the_coordinator_rejects_the_batch_Should_exit_5_naming_the_task_and_field()
    {
        await using var rejecting = LoopbackCoordinator.Start().OnProblem("POST", "/api/batches", 422, "The request is invalid.",
            "items[1].repo: the 'ext::' transport is not allowed", new Dictionary<string, string[]>
            {
                ["items[1].repo"] = ["the 'ext::' transport is not allowed"],
            });
        var file = await WriteAsync("- { repo: r, command: [make] }\n- { repo: 'ext::sh', command: [make] }\n");

        var result = await CliRunner.RunAsync(CliRunner.Against(rejecting, "submit", "-f", file));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidRequest), result.ToString());
        Assert.That(rejecting.Requests, Has.Count.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain("items[1].repo: the 'ext::' transport is not allowed"));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task When_the_task_file_does_not_exist_Should_exit_2()
    {
        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", directory.Combine("missing.yml")));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain("cannot read --file"));
        Assert.That(coordinator.Requests, Is.Empty);
    }

    [Test]
    public async Task When_task_options_come_with_a_file_Should_exit_2_rather_than_guess_which_wins()
    {
        var file = await WriteAsync("- { repo: r, command: [make] }\n");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "submit", "-f", file, "--pool", "night"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain("found --pool"));
        Assert.That(coordinator.Requests, Is.Empty);
    }

    async Task<string> WriteAsync(string yaml)
    {
        var file = directory.Combine("tasks.yml");
        await File.WriteAllTextAsync(file, yaml);
        return file;
    }

    static IEnumerable<string> Names(JsonElement body) => body.EnumerateObject().Select(p => p.Name);

    static Dictionary<string, string> Labels(JsonElement body) =>
        body.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
}
