using Stamina.Worker.Git;
using Stamina.Worker.Tests.Processes;

namespace Stamina.Worker.Tests.Git;

[TestFixture]
public sealed class GitCommandTests
{
    [Test]
    public void Should_refuse_the_ext_transport_whatever_the_address()
    {
        using var scratch = new ScratchDirectory();
        var marker = scratch.Combine("pwned");

        var error = Assert.ThrowsAsync<GitCommandException>(() => new GitCommand().RunAsync(
            scratch.Path, ["ls-remote", $"ext::sh -c touch% {marker}"], CancellationToken.None));

        Assert.That(error!.StandardError, Does.Contain("transport 'ext' not allowed"));
        Assert.That(File.Exists(marker), Is.False);
    }

    [Test]
    public void Should_refuse_the_ext_transport_even_when_config_allows_it()
    {
        using var scratch = new ScratchDirectory();
        var marker = scratch.Combine("pwned");

        Assert.ThrowsAsync<GitCommandException>(() => new GitCommand().RunAsync(
            scratch.Path, ["-c", "protocol.allow=always", "-c", "protocol.ext.allow=always", "ls-remote", $"ext::sh -c touch% {marker}"],
            CancellationToken.None));

        Assert.That(File.Exists(marker), Is.False);
    }

    [Test]
    public void Should_mask_credentials_and_show_stderr_when_git_fails()
    {
        using var scratch = new ScratchDirectory();

        var error = Assert.ThrowsAsync<GitCommandException>(() => new GitCommand().RunAsync(
            scratch.Path, ["ls-remote", "https://user:s3cret@127.0.0.1:1/repo.git"], CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith("git ls-remote https://***@127.0.0.1:1/repo.git failed with exit code 128: "));
            Assert.That(error.Message + error.StandardError + string.Join(' ', error.Arguments), Does.Not.Contain("s3cret"));
            Assert.That(error.ExitCode, Is.EqualTo(128));
        });
    }

    [Test]
    public void Should_report_a_timeout()
    {
        using var scratch = new ScratchDirectory();
        var git = new GitCommand(timeout: TimeSpan.FromMilliseconds(300));

        // A shell alias stands in for a fetch from a server that stopped answering.
        var error = Assert.ThrowsAsync<GitCommandException>(() => git.RunAsync(
            scratch.Path, ["-c", "alias.nap=!sleep 300", "nap"], CancellationToken.None));

        Assert.That(error!.TimedOut, Is.True);
        Assert.That(error.Message, Does.Contain("timed out"));
    }
}
