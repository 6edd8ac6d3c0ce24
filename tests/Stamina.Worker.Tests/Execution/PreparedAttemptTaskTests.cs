using Stamina.Contracts;
using Stamina.ServiceDefaults.Validation;
using Stamina.Worker.Execution;

namespace Stamina.Worker.Tests.Execution;

/// <summary>The task an agent gets: a prompt, a task file, or a task file with a prompt after it (a reviewed revision).</summary>
public sealed class PreparedAttemptTaskTests
{
    static PreparedAttempt Prepared(string? taskText)
    {
        Assert.That(RepositoryAddress.TryParse("https://example.com/repo.git", [], out var repository, out var error), Is.True, error);
        return new PreparedAttempt(repository!, "stamina/x/1", new string('a', 40), "/tmp/worktree") { TaskText = taskText };
    }

    [TestCase(null, "fix the build", "fix the build")]
    [TestCase("# Task\nfix the build\n", "", "# Task\nfix the build\n")]
    [TestCase("# Task\nfix the build\n", "Reviewer feedback: add a test", "# Task\nfix the build\n\nReviewer feedback: add a test")]
    public void The_task_Should_be_the_prompt_the_file_or_the_file_and_then_the_prompt(string? taskText, string prompt, string expected) =>
        Assert.That(Prepared(taskText).TaskFor(new ExecuteWorkItem { Prompt = prompt }), Is.EqualTo(expected));
}
