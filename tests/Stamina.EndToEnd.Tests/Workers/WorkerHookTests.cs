using System.Text.Json;
using Dapper;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Workers;

/// <summary>
/// Pre- and post-task hooks on real workers. The pre-task hook refuses items labelled <c>picky=yes</c> on the first
/// worker only (it reads the worker and the labels from the JSON on its stdin); the post-task hook plays a test suite:
/// it fails unless the command left <c>good</c> in result.txt, and hangs for items labelled <c>hook=hang</c>.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class WorkerHookTests(FleetMode mode) : FleetTestBase(mode)
{
    const string PreTask = """
        input=$(cat)
        case "$input" in *'"picky":"yes"'*)
          case "$input" in *'"worker":"w1"'*|*'"worker":"local-1"'*) echo "refused: this worker takes no picky items"; exit 1;; esac;;
        esac
        exit 0
        """;

    const string PostTask = """
        input=$(cat)
        case "$input" in *'"hook":"hang"'*) echo $$ >> "$HANG_PIDS"; sleep 300 & echo $! >> "$HANG_PIDS"; echo hanging; wait;; esac
        if grep -q good result.txt; then echo "tests passed"; else echo "tests failed: result.txt says $(cat result.txt)"; exit 1; fi
        """;

    readonly string HangPids = Path.Combine(Path.GetTempPath(), $"stamina-hang-{Guid.NewGuid():N}.pids");

    private protected override FleetOptions Options => new()
    {
        WorkerSettings = new Dictionary<string, string>(HookSettingsFor.Hook("PreTask", PreTask, TimeSpan.FromSeconds(20))
            .Concat(HookSettingsFor.Hook("PostTask", PostTask.Replace("$HANG_PIDS", HangPids, StringComparison.Ordinal), TimeSpan.FromSeconds(2))))
        {
            ["Stamina__Worker__Hooks__RefusalPause"] = "00:00:05",
        },
    };

    [Test]
    public async Task When_the_pre_task_hook_refuses_Should_release_the_item_to_another_worker_without_a_failure()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await fleet.SubmitAsync(new
            {
                repo = fleet.Repository.Path,
                labels = new { picky = "yes" },
                command = new[] { "sh", "-c", "echo good > result.txt" },
            })).Id());
        }

        var refused = new List<JsonElement>();
        foreach (var id in ids)
        {
            var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));
            var attempts = item.Attempts();
            Assert.That(item.GetProperty("failures").GetInt32(), Is.Zero, "a refusal is not a failure");
            Assert.That(attempts.Single(a => a.Text("outcome") == "succeeded").Text("worker"), Is.AnyOf("w2", "local-2"));
            refused.AddRange(attempts.Where(a => a.Text("outcome") == "released"));
        }
        Assert.That(refused, Is.Not.Empty, "the first worker was offered at least one item");
        foreach (var attempt in refused)
        {
            Assert.That((attempt.Text("worker"), attempt.Text("errorClass")), Is.AnyOf(("w1", "pre_task_hook"), ("local-1", "pre_task_hook")));
            Assert.That(attempt.Text("message"), Does.StartWith("pre-task hook exited 1"));
            Assert.That(attempt.Text("hookOutput"), Is.EqualTo("refused: this worker takes no picky items"));
        }
    }

    [Test]
    public async Task When_the_post_task_hook_fails_Should_fail_the_attempt_keep_its_output_and_retry()
    {
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            maxAttempts = 3,
            command = new[] { "sh", "-c", "if [ \"$STAMINA_ATTEMPT\" = 1 ]; then echo bad > result.txt; else echo good > result.txt; fi" },
        })).Id();

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(90));

        var attempts = item.Attempts();
        Assert.That(attempts, Has.Count.EqualTo(2));
        Assert.That((attempts[0].Text("outcome"), attempts[0].Text("errorClass")), Is.EqualTo(("failed", "post_task_hook")));
        Assert.That(attempts[0].Text("message"), Does.StartWith("post-task hook exited 1"));
        Assert.That(attempts[0].Text("hookOutput"), Is.EqualTo("tests failed: result.txt says bad"));
        Assert.That(attempts[1].Text("outcome"), Is.EqualTo("succeeded"));
        Assert.That(attempts[1].Text("hookOutput"), Is.EqualTo("tests passed"));
        Assert.That(item.GetProperty("failures").GetInt32(), Is.EqualTo(1), "the hook's failure is the item's own");

        var show = await CliRun.RunAsync(new Dictionary<string, string> { ["STAMINA_URL"] = fleet.Url, ["STAMINA_API_KEY"] = fleet.ApiKey, ["NO_COLOR"] = "1" },
            "show", id.ToString());
        Assert.That(show.ExitCode, Is.Zero, show.Error);
        Assert.That(show.Output, Does.Contain("Hook output of attempt 1").And.Contain("tests failed: result.txt says bad"));
    }

    [Test]
    public async Task When_the_post_task_hook_hangs_Should_kill_it_at_its_timeout_and_report_it()
    {
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            maxAttempts = 1,
            labels = new { hook = "hang" },
            command = new[] { "sh", "-c", "echo good > result.txt" },
        })).Id();

        var item = await fleet.WaitForStateAsync(id, "Failed", TimeSpan.FromSeconds(60));

        var attempt = item.Attempts().Single();
        Assert.That(attempt.Text("errorClass"), Is.EqualTo("post_task_hook"));
        Assert.That(attempt.Text("message"), Does.StartWith("post-task hook timed out after 00:00:02 and was killed"));
        Assert.That(attempt.Text("hookOutput"), Is.EqualTo("hanging"));
        var pids = File.ReadAllLines(HangPids).Select(int.Parse).ToList();
        Assert.That(pids, Has.Count.EqualTo(2));
        await Eventually.UntilAsync(() => Task.FromResult(pids.All(pid => !Signals.IsAlive(pid))), TimeSpan.FromSeconds(10),
            "the hung hook and its child to be gone");
        if (Mode == FleetMode.Processes)
        {
            await using var connection = new Npgsql.NpgsqlConnection(fleet.DatabaseConnectionString);
            var kept = await connection.ExecuteScalarAsync<string>("select hook_output from attempts where item_id = @id", new { id });
            Assert.That(kept, Is.EqualTo("hanging"), "the output is kept with the attempt's row");
        }
    }
}
