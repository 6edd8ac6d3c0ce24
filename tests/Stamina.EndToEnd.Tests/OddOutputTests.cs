using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary>Any output a command writes, and any prompt the API accepts, ends in a stored result.</summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class OddOutputTests(FleetMode mode) : FleetTestBase(mode)
{
    const int MiB = 1024 * 1024;

    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task When_a_command_prints_NUL_bytes_invalid_UTF8_and_a_megabyte_line_Should_succeed_with_its_result_stored()
    {
        // stdout ends with NUL bytes and a cut UTF-8 sequence (the summary); stderr gets the same and a 1 MiB line.
        var script = "head -c 1048576 /dev/zero | tr '\\0' x; printf '\\n'; printf 'nul:\\000:\\377\\376 bad \\303\\n' >&2; "
            + "head -c 1048576 /dev/zero >&2; printf 'ok\\000end \\342\\202' ; echo done > result.txt";
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", script } })).Id();

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        Assert.That(item.Attempts(), Has.Count.EqualTo(1), "one attempt, not resent and reaped");
        var summary = item.Result().GetProperty("summary").GetString()!;
        Assert.That(summary, Does.Contain("ok").And.Contain("end").And.Not.Contain("\0"));
        Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "result.txt"), Is.EqualTo("done"));
    }

    [Test]
    public async Task When_a_command_fails_with_NUL_bytes_on_stderr_Should_store_the_failure_with_its_message()
    {
        var script = "printf 'boom\\000\\377 at \\000 the end' >&2; exit 3";
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "sh", "-c", script }, maxAttempts = 1 })).Id();

        var item = await fleet.WaitForStateAsync(id, "Failed", TimeSpan.FromSeconds(60));

        var attempt = item.Attempts().Single();
        Assert.That(attempt.Text("message"), Does.StartWith("boom").And.EndWith("the end").And.Not.Contain("\0"));
    }

    [Test]
    public async Task When_the_prompt_is_a_mebibyte_Should_reach_the_command_by_file_and_on_stdin()
    {
        var prompt = new string('p', MiB - 3) + "\né";
        var script = "cat > stdin.txt; cp \"$STAMINA_PROMPT_FILE\" file.txt; echo \"${STAMINA_PROMPT:-unset}\" > env.txt; "
            + "git status --porcelain --ignored > status.txt";
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, prompt, command = new[] { "sh", "-c", script } })).Id();

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        var branch = item.Result().GetProperty("branch").GetString()!;
        Assert.That(fleet.Repository.Show(branch, "stdin.txt"), Is.EqualTo(prompt.TrimEnd('\n')));
        Assert.That(fleet.Repository.Show(branch, "file.txt"), Is.EqualTo(prompt.TrimEnd('\n')));
        Assert.That(fleet.Repository.Show(branch, "env.txt"), Is.EqualTo("unset"), "a large prompt is not put in the environment");
        Assert.That(fleet.Repository.Show(branch, "status.txt"), Does.Not.Contain("prompt"), "the prompt file is not in the worktree");
    }

    [Test]
    public async Task When_the_prompt_is_small_Should_be_in_the_environment_and_in_a_file_removed_after_the_run()
    {
        var script = "cp \"$STAMINA_PROMPT_FILE\" file.txt; echo \"$STAMINA_PROMPT_FILE\" > path.txt; echo \"$STAMINA_PROMPT\" > env.txt";
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, prompt = "short task", command = new[] { "sh", "-c", script } })).Id();

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        var branch = item.Result().GetProperty("branch").GetString()!;
        Assert.That(fleet.Repository.Show(branch, "file.txt"), Is.EqualTo("short task"));
        Assert.That(fleet.Repository.Show(branch, "env.txt"), Is.EqualTo("short task"));
        Assert.That(File.Exists(fleet.Repository.Show(branch, "path.txt")), Is.False, "the prompt file is removed after the run");
    }
}
