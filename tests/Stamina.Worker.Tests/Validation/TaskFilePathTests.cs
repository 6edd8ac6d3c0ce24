using Stamina.ServiceDefaults.Validation;

namespace Stamina.Worker.Tests.Validation;

[TestFixture]
public sealed class TaskFilePathTests
{
    [TestCase("TASK.md")]
    [TestCase("docs/tasks/fix the login.md")]
    [TestCase(".stamina/task.md")]
    [TestCase("a/b..c/ünïcode.txt")]
    [TestCase("x.git/task")]
    public void Should_accept_a_relative_path(string path)
    {
        Assert.That(TaskFilePath.IsValid(path, out var error), Is.True, error);
        Assert.That(error, Is.Null);
    }

    [Test]
    public void Should_accept_the_longest_path_and_refuse_one_more_character()
    {
        var longest = new string('a', TaskFilePath.MaxLength);

        Assert.That(TaskFilePath.IsValid(longest, out _), Is.True);
        Assert.That(TaskFilePath.IsValid(longest + "a", out var error), Is.False);
        Assert.That(error, Is.EqualTo("taskFile: is longer than 1024 characters"));
    }

    [TestCase(null, "is required")]
    [TestCase("", "is required")]
    [TestCase("/etc/passwd", "not start with '/'")]
    [TestCase("-task.md", "must not start with '-'")]
    [TestCase("--output=x", "must not start with '-'")]
    [TestCase("../secret", "'..' part")]
    [TestCase("docs/../../secret", "'..' part")]
    [TestCase("docs/..", "'..' part")]
    [TestCase("./task.md", "'.' part")]
    [TestCase("docs/./task.md", "'.' part")]
    [TestCase("docs//task.md", "empty parts")]
    [TestCase("docs/", "empty parts")]
    [TestCase("docs\\task.md", "'/' between folders")]
    [TestCase("task\n.md", "control characters")]
    [TestCase("task\u0000.md", "control characters")]
    [TestCase("task\u007f.md", "control characters")]
    [TestCase(".git/config", "inside '.git'")]
    [TestCase("sub/.GIT/HEAD", "inside '.git'")]
    [TestCase(".git", "inside '.git'")]
    public void Should_refuse_a_path_git_could_misread(string? path, string expected)
    {
        Assert.That(TaskFilePath.IsValid(path, out var error), Is.False);
        Assert.That(error, Does.StartWith("taskFile: ").And.Contain(expected));
    }
}
