using Stamina.ServiceDefaults.Validation;

namespace Stamina.Worker.Tests.Validation;

/// <summary>Credentials written into a repository address are refused, pointing to the worker's own git configuration.</summary>
[TestFixture]
public sealed class RepositoryCredentialsTests
{
    const string GitHubToken = "ghp_0123456789abcdefghijABCDEFGHIJ012345";

    [TestCase("https://" + GitHubToken + "@github.com/org/repo.git", "user name or token in an https address")]
    [TestCase("https://x-access-token:secret@github.com/org/repo.git", "a password or token in the address")]
    [TestCase("https://oauth2:glpat-abcdefghijklmnopqrstu@gitlab.com/g/r.git", "a password or token in the address")]
    [TestCase("https://org@dev.azure.com/org/p/_git/r", "user name or token in an https address")]
    [TestCase("ssh://git:hunter2@host/org/repo.git", "a password or token in the address")]
    [TestCase("git:hunter2@host:org/repo.git", "a password or token in the address")]
    [TestCase("https://github.com/org/repo.git?access_token=abc", "a token in the query string")]
    [TestCase("https://github.com/org/repo.git?private_token=abc", "a token in the query string")]
    [TestCase("ssh://" + GitHubToken + "@github.com/org/repo.git", "looks like a secret (github-token)")]
    [TestCase("https://github.com/org/" + GitHubToken + ".git", "looks like a secret (github-token)")]
    public void Should_refuse_credentials_and_point_to_the_worker(string text, string problem)
    {
        Assert.That(RepositoryAddress.TryParse(text, [], out var address, out var error), Is.False);

        Assert.That(address, Is.Null);
        Assert.That(error, Does.StartWith("repo: ").And.Contain(problem));
        Assert.That(error, Does.Contain("credential helper or a per-host token on the worker"));
        Assert.That(error, Does.Not.Contain("hunter2").And.Not.Contain(GitHubToken).And.Not.Contain("secret@"), "the message repeats no credential");
    }

    [TestCase("ssh://git@github.com/org/repo.git")]
    [TestCase("git@github.com:org/repo.git")]
    [TestCase("https://github.com/org/repo.git")]
    public void Should_accept_addresses_without_credentials(string text) =>
        Assert.That(RepositoryCredentials.Find(text), Is.Null);
}
