using Stamina.ServiceDefaults.Validation;
using Stamina.Worker.Tests.Processes;

namespace Stamina.Worker.Tests.Validation;

[TestFixture]
public sealed class RepositoryAddressTests
{
    static readonly string[] NoRoots = [];

    [TestCase("https://github.com/org/repo.git", RepositoryAddressKind.Https)]
    [TestCase("https://github.com/org/repo", RepositoryAddressKind.Https)]
    [TestCase("https://gitlab.example.com:8443/group/sub/repo.git", RepositoryAddressKind.Https)]
    [TestCase("HTTPS://github.com/org/repo", RepositoryAddressKind.Https)]
    [TestCase("https://[::1]/repo.git", RepositoryAddressKind.Https)]
    [TestCase("ssh://git@github.com/org/repo.git", RepositoryAddressKind.Ssh)]
    [TestCase("ssh://github.com:2222/org/repo.git", RepositoryAddressKind.Ssh)]
    [TestCase("ssh://host/~user/repo", RepositoryAddressKind.Ssh)]
    [TestCase("git@github.com:org/repo.git", RepositoryAddressKind.ScpLike)]
    [TestCase("github.com:org/repo.git", RepositoryAddressKind.ScpLike)]
    [TestCase("deploy@10.0.0.5:/srv/git/repo.git", RepositoryAddressKind.ScpLike)]
    public void Should_accept_a_remote_address(string text, RepositoryAddressKind kind)
    {
        Assert.That(RepositoryAddress.TryParse(text, NoRoots, out var address, out var error), Is.True, error);
        Assert.That(address!.Kind, Is.EqualTo(kind));
        Assert.That(address.Value, Is.EqualTo(text));
    }

    [TestCase(null, "is required")]
    [TestCase("", "is required")]
    [TestCase("   ", "is required")]
    [TestCase("ext::sh -c touch% /tmp/pwned", "the 'ext::' transport is not allowed")]
    [TestCase("fd::17", "the 'fd::' transport is not allowed")]
    [TestCase("EXT::sh", "the 'EXT::' transport is not allowed")]
    [TestCase("git@host:org/repo::x", "'::' transport syntax")]
    [TestCase("-oProxyCommand=touch /tmp/x", "must not start with '-'")]
    [TestCase("--upload-pack=touch /tmp/x", "must not start with '-'")]
    [TestCase("ssh://-oProxyCommand=touch/repo", "the host must not start with '-'")]
    [TestCase("ssh://git@-oProxyCommand=x/repo", "the host must not start with '-'")]
    [TestCase("-host:repo", "must not start with '-'")]
    [TestCase("host:-repo", "the path must not start with '-'")]
    [TestCase("https://github.com/org/repo\n", "control characters")]
    [TestCase("https://github.com/org/\u0000repo", "control characters")]
    [TestCase(" https://github.com/org/repo", "start or end with spaces")]
    [TestCase("http://github.com/org/repo", "plain 'http://' is not allowed")]
    [TestCase("git://github.com/org/repo", "'git://' protocol is not allowed")]
    [TestCase("ftp://host/repo", "the 'ftp://' scheme is not allowed")]
    [TestCase("rsync://host/repo", "scheme is not allowed")]
    [TestCase("https://user:token@github.com/org/repo", "a password or token in the address is not allowed")]
    [TestCase("https://github.com/", "no repository path")]
    [TestCase("https://github.com/org/repo?x=1", "query strings")]
    [TestCase("https://github.com/org/my repo", "spaces")]
    [TestCase("https://", "not a valid URL")]
    [TestCase("repo", "must be absolute")]
    [TestCase("./repo", "must be absolute")]
    [TestCase("~/repo", "must be absolute")]
    [TestCase("/srv/repo", "no allowed local roots")]
    public void Should_reject_a_bad_address(string? text, string problem)
    {
        Assert.That(RepositoryAddress.TryParse(text, NoRoots, out var address, out var error), Is.False);
        Assert.That(address, Is.Null);
        Assert.That(error, Does.StartWith("repo: ").And.Contain(problem));
    }

    [Test]
    public void Should_reject_a_very_long_address()
    {
        var text = "https://github.com/" + new string('a', RepositoryAddress.MaxLength);

        Assert.That(RepositoryAddress.TryParse(text, NoRoots, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("longer than 2048"));
    }

    [Test]
    public void Should_accept_a_local_path_inside_an_allowed_root()
    {
        using var scratch = new ScratchDirectory();
        var repo = Directory.CreateDirectory(scratch.Combine("repos", "a")).FullName;
        string[] roots = [scratch.Combine("repos") + "/"];

        Assert.Multiple(() =>
        {
            Assert.That(RepositoryAddress.TryParse(repo, roots, out var plain, out var error), Is.True, error);
            Assert.That(plain!.Kind, Is.EqualTo(RepositoryAddressKind.LocalPath));
            Assert.That(plain.Value, Is.EqualTo(repo));
            Assert.That(RepositoryAddress.TryParse("file://" + repo, roots, out var url, out error), Is.True, error);
            Assert.That(url!.Value, Is.EqualTo(repo));
            Assert.That(RepositoryAddress.TryParse(repo + "//", roots, out var untidy, out error), Is.True, error);
            Assert.That(untidy!.Value, Is.EqualTo(repo));
            Assert.That(RepositoryAddress.TryParse(scratch.Combine("repos", "not-yet"), roots, out _, out error), Is.True, error);
        });
    }

    [Test]
    public void Should_reject_a_local_path_outside_the_allowed_roots()
    {
        using var scratch = new ScratchDirectory();
        var root = Directory.CreateDirectory(scratch.Combine("repos")).FullName;
        var elsewhere = Directory.CreateDirectory(scratch.Combine("reposX")).FullName;

        Assert.Multiple(() =>
        {
            Assert.That(RepositoryAddress.TryParse(elsewhere, [root], out _, out var error), Is.False);
            Assert.That(error, Does.Contain("outside the allowed roots"));
            Assert.That(RepositoryAddress.TryParse("/etc", [root], out _, out error), Is.False);
            Assert.That(RepositoryAddress.TryParse(root + "/../reposX", [root], out _, out error), Is.False);
            Assert.That(error, Does.Contain("'..'"));
            Assert.That(RepositoryAddress.TryParse("file://" + root + "/a/../../etc", [root], out _, out error), Is.False);
            Assert.That(error, Does.Contain("'..'"));
            Assert.That(RepositoryAddress.TryParse("file://" + root + "/%2e%2e/etc", [root], out _, out error), Is.False);
            Assert.That(RepositoryAddress.TryParse("file://server" + root, [root], out _, out error), Is.False);
            Assert.That(error, Does.Contain("no host"));
        });
    }

    [Test]
    public void Should_reject_a_symbolic_link_escaping_the_root()
    {
        using var scratch = new ScratchDirectory();
        var root = Directory.CreateDirectory(scratch.Combine("repos")).FullName;
        var secret = Directory.CreateDirectory(scratch.Combine("secret", "repo")).FullName;
        Directory.CreateSymbolicLink(scratch.Combine("repos", "escape"), scratch.Combine("secret"));
        Directory.CreateSymbolicLink(scratch.Combine("repos", "relative"), "../secret/repo");

        Assert.Multiple(() =>
        {
            Assert.That(RepositoryAddress.TryParse(scratch.Combine("repos", "escape", "repo"), [root], out _, out var error), Is.False);
            Assert.That(error, Does.Contain("outside the allowed roots"));
            Assert.That(RepositoryAddress.TryParse(scratch.Combine("repos", "relative"), [root], out _, out error), Is.False);
            Assert.That(RepositoryAddress.TryParse(secret, [root], out _, out error), Is.False);
        });
    }

    [Test]
    public void Should_follow_links_that_stay_inside_and_roots_that_are_links()
    {
        using var scratch = new ScratchDirectory();
        var root = Directory.CreateDirectory(scratch.Combine("repos")).FullName;
        var real = Directory.CreateDirectory(scratch.Combine("repos", "real")).FullName;
        Directory.CreateSymbolicLink(scratch.Combine("repos", "alias"), "real");
        Directory.CreateSymbolicLink(scratch.Combine("root-link"), root);

        Assert.Multiple(() =>
        {
            Assert.That(RepositoryAddress.TryParse(scratch.Combine("repos", "alias"), [root], out var alias, out var error), Is.True, error);
            Assert.That(alias!.Value, Is.EqualTo(real));
            Assert.That(RepositoryAddress.TryParse(scratch.Combine("root-link", "real"), [scratch.Combine("root-link")], out var viaRoot, out error), Is.True, error);
            Assert.That(viaRoot!.Value, Is.EqualTo(real));
        });
    }

    [Test]
    public void Should_reject_a_symbolic_link_loop()
    {
        using var scratch = new ScratchDirectory();
        var root = Directory.CreateDirectory(scratch.Combine("repos")).FullName;
        File.CreateSymbolicLink(scratch.Combine("repos", "a"), "b");
        File.CreateSymbolicLink(scratch.Combine("repos", "b"), "a");

        Assert.That(RepositoryAddress.TryParse(scratch.Combine("repos", "a"), [root], out _, out var error), Is.False);
        Assert.That(error, Does.Contain("loop"));
    }
}
