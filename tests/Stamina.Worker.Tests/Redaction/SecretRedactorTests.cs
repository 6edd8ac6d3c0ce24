using System.Diagnostics;
using Stamina.ServiceDefaults.Configuration;
using Stamina.ServiceDefaults.Redaction;

namespace Stamina.Worker.Tests.Redaction;

[TestFixture]
public sealed class SecretRedactorTests
{
    // Built from pieces so that this file does not itself trip secret scanners.
    static readonly string Anthropic = "sk-" + "ant-api03-" + new string('A', 40);
    static readonly string OpenAi = "sk-" + "proj-" + new string('b', 40);
    static readonly string GitHub = "ghp" + "_" + new string('C', 36);
    static readonly string GitHubFineGrained = "github" + "_pat_" + new string('d', 40);
    static readonly string GitLab = "glpat" + "-" + new string('e', 20);
    static readonly string Aws = "AKIA" + "IOSFODNN7EXAMPLE";
    static readonly string Slack = "xoxb" + "-1234567890-abcdefghij";
    static readonly string Google = "AIza" + new string('f', 35);

    [Test]
    public void Should_redact_each_default_kind_and_keep_the_text_around_it()
    {
        var cases = new (string Text, string Expected)[]
        {
            ($"key={Anthropic} end", "key=[redacted:anthropic-key] end"),
            ($"OPENAI_API_KEY={OpenAi}", "OPENAI_API_KEY=[redacted:openai-key]"),
            ($"token {GitHub}.", "token [redacted:github-token]."),
            ($"\"{GitHubFineGrained}\"", "\"[redacted:github-token]\""),
            ($"{GitLab}", "[redacted:gitlab-token]"),
            ($"aws {Aws} x", "aws [redacted:aws-access-key] x"),
            ($"slack:{Slack}", "slack:[redacted:slack-token]"),
            ($"g={Google}", "g=[redacted:google-api-key]"),
            ("Authorization: Bearer abc.def-ghi_jkl", "Authorization: Bearer [redacted:bearer-token]"),
            ("git clone https://alice:s3cret@example.com/r.git", "git clone https://[redacted:url-credentials]@example.com/r.git"),
            ("GET /r.git?access_token=abc123&x=1", "GET /r.git?access_token=[redacted:query-token]&x=1"),
            ("-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA\\n-----END RSA PRIVATE KEY----- after",
                "[redacted:private-key] after"),
            ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n", "[redacted:private-key]"),
        };
        foreach (var (text, expected) in cases)
            Assert.That(SecretRedactor.Default.Redact(text), Is.EqualTo(expected), text);
    }

    [TestCase("sk-short")]
    [TestCase("a task about tokens and keys, https://github.com/org/repo, Bearer")]
    [TestCase("ghp_tooShort")]
    [TestCase("commit 3f786850e387550fdab836ed7e6dc881de23001b")]
    public void Should_leave_ordinary_text_alone(string text) =>
        Assert.That(SecretRedactor.Default.Redact(text), Is.SameAs(text).Or.EqualTo(text));

    [Test]
    public void Should_redact_a_configured_pattern_whole_or_only_its_secret_group()
    {
        var redactor = RedactionExtensions.Build(new RedactionSettings
        {
            Patterns = new() { ["acme-token"] = "acme_[A-Za-z0-9]{16}", ["db-password"] = "password=(?<secret>[^;]+)" },
        });

        Assert.That(redactor.Redact("use acme_0123456789abcdef now"), Is.EqualTo("use [redacted:acme-token] now"));
        Assert.That(redactor.Redact("Host=db;password=hunter2;Port=5"), Is.EqualTo("Host=db;password=[redacted:db-password];Port=5"));
        Assert.That(redactor.Redact(GitHub), Is.EqualTo("[redacted:github-token]"), "the defaults still apply");
    }

    [TestCase("broken", "(unclosed", "Stamina:Redaction:Patterns:broken: is not a valid regular expression")]
    [TestCase("lookahead", "a(?=b)", "Stamina:Redaction:Patterns:lookahead: uses a construct linear-time matching does not support")]
    [TestCase("empty-match", "x*", "Stamina:Redaction:Patterns:empty-match: matches the empty string")]
    [TestCase("bad name!", "abc", "the name 'bad name!' must be letters, digits and '-'")]
    public void Should_refuse_a_bad_pattern_naming_its_key(string name, string pattern, string message)
    {
        var settings = new RedactionSettings { Patterns = new() { [name] = pattern } };

        var exception = Assert.Throws<ServiceConfigurationException>(() => RedactionExtensions.Build(settings))!;

        Assert.That(exception.Message, Does.Contain(message));
    }

    [Test]
    public void Should_take_linear_time_on_a_megabyte_line()
    {
        var redactor = RedactionExtensions.Build(new RedactionSettings { Patterns = new() { ["evil"] = "(a+)+b" } });
        // Near-misses for every default pattern and a classic catastrophic-backtracking input for the custom one.
        var line = string.Concat(Enumerable.Repeat("sk-ant- ghp_ AKIA Bearer x ://a:b -----BEGIN PRIVATE KEY----- aaaaaaaaaaaaaaaa ", 12_000))
            + new string('a', 100_000) + " " + GitHub;
        Assert.That(line.Length, Is.GreaterThan(1_000_000));
        redactor.Redact("warm up " + GitHub);

        var watch = Stopwatch.StartNew();
        var redacted = redactor.Redact(line);
        watch.Stop();

        Assert.That(redacted.EndsWith("a [redacted:github-token]", StringComparison.Ordinal), Is.True, "the secret at the end is found");
        // Typically ~30 ms here; the bound leaves room for a busy shared machine, not for super-linear matching.
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }
}
