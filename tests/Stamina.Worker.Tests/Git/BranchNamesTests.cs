using Stamina.Worker.Git;

namespace Stamina.Worker.Tests.Git;

[TestFixture]
public sealed class BranchNamesTests
{
    static readonly Guid Item = Guid.Parse("0f8c4c1e-5e6d-4b7f-9a2b-3c4d5e6f7ae1");

    [TestCase("stamina", "stamina/0f8c4c1e5e6d4b7f9a2b3c4d5e6f7ae1/2")]
    [TestCase("bots/night-shift", "bots/night-shift/0f8c4c1e5e6d4b7f9a2b3c4d5e6f7ae1/2")]
    public void Should_name_a_branch_per_attempt(string prefix, string expected)
    {
        Assert.That(BranchNames.ForAttempt(prefix, Item, 2), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("-stamina")]
    [TestCase("a..b")]
    [TestCase("stamina/")]
    [TestCase("/stamina")]
    [TestCase("sta mina")]
    [TestCase("stamina.lock")]
    [TestCase("stamina@{1}")]
    [TestCase("sta~mina")]
    [TestCase("sta:mina")]
    [TestCase("sta\u0001mina")]
    [TestCase(".stamina")]
    public void Should_reject_a_bad_prefix(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => BranchNames.ForAttempt(prefix, Item, 1));

        Assert.That(error!.Message, Does.StartWith("branch prefix: "));
    }
}
