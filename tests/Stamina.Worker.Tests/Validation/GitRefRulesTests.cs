using Stamina.ServiceDefaults.Validation;

namespace Stamina.Worker.Tests.Validation;

[TestFixture]
public sealed class GitRefRulesTests
{
    [TestCase("main")]
    [TestCase("release/1.2")]
    [TestCase("v1.2.3")]
    [TestCase("feature/ünïcode")]
    [TestCase("stamina/0f8c4c1e5e6d4b7f9a2b3c4d5e6f7a8b/2")]
    [TestCase("3f2a9c1")]
    [TestCase("3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39")]
    [TestCase("a@b")]
    public void Should_accept_a_usual_ref(string text)
    {
        Assert.That(GitRefRules.IsValidBaseRef(text, out var error), Is.True, error);
        Assert.That(error, Is.Null);
    }

    [TestCase(null, "is required")]
    [TestCase("", "is required")]
    [TestCase("-main", "must not start with '-'")]
    [TestCase("--upload-pack=evil", "must not start with '-'")]
    [TestCase("a..b", "must not contain '..'")]
    [TestCase("main\n", "control characters")]
    [TestCase("ma\u0000in", "control characters")]
    [TestCase("ma\u007fin", "control characters")]
    [TestCase("my branch", "spaces")]
    [TestCase("main~1", "'~'")]
    [TestCase("main^", "'^'")]
    [TestCase("a:b", "':'")]
    [TestCase("a?b", "'?'")]
    [TestCase("a*", "'*'")]
    [TestCase("a[b", "'['")]
    [TestCase("a\\b", "'\\'")]
    [TestCase("main@{1}", "'@{'")]
    [TestCase("@", "must not be '@'")]
    [TestCase("HEAD", "must not be 'HEAD'")]
    [TestCase("/main", "start or end with '/'")]
    [TestCase("main/", "start or end with '/'")]
    [TestCase("a//b", "'//'")]
    [TestCase("main.", "end with '.'")]
    [TestCase(".hidden", "starting with '.'")]
    [TestCase("a/.b", "starting with '.'")]
    [TestCase("main.lock", "ending with '.lock'")]
    [TestCase("a.lock/b", "ending with '.lock'")]
    public void Should_reject_a_bad_ref(string? text, string problem)
    {
        Assert.That(GitRefRules.IsValidBaseRef(text, out var error), Is.False);
        Assert.That(error, Does.StartWith("baseRef: ").And.Contain(problem));
    }

    [Test]
    public void Should_reject_a_very_long_ref()
    {
        Assert.That(GitRefRules.IsValidBaseRef(new string('a', 255), out _), Is.True);
        Assert.That(GitRefRules.IsValidBaseRef(new string('a', 256), out var error), Is.False);
        Assert.That(error, Does.Contain("longer than 255"));
    }

    [Test]
    public void Should_name_the_field_it_checks()
    {
        Assert.That(GitRefRules.IsValidBranchName("bad..prefix", out var error, "branchPrefix"), Is.False);
        Assert.That(error, Is.EqualTo("branchPrefix: must not contain '..'"));
    }
}
