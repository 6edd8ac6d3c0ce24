using Stamina.Cli.Parsing;

namespace Stamina.Cli.Tests.Parsing;

/// <summary><c>prune --older-than</c> accepts what the coordinator accepts, so a typo never reaches it.</summary>
public class PruneAgeOptionTests
{
    static System.CommandLine.ParseResult Parse(params string[] args) =>
        StaminaCommandLine.Build(CliContext.Captured(TextWriter.Null, TextWriter.Null)).Parse(args);

    [TestCase("30s")]
    [TestCase("90m")]
    [TestCase("12h")]
    [TestCase("7d")]
    [TestCase("2w")]
    [TestCase("521w")]
    public void When_the_age_has_a_unit_Should_accept_it(string text) =>
        Assert.That(Parse("prune", "--older-than", text, "--dry-run", "--include-accepted").Errors, Is.Empty);

    [TestCase("7")]
    [TestCase("")]
    [TestCase("0d")]
    [TestCase("-1d")]
    [TestCase("1.5d")]
    [TestCase("7y")]
    [TestCase("99999w")]
    public void When_the_age_is_not_one_Should_be_a_usage_error_naming_the_option(string text)
    {
        var errors = Parse("prune", "--older-than", text).Errors;
        Assert.That(errors.Select(e => e.Message), Has.Some.Contains("--older-than"));
    }

    [Test]
    public void When_the_age_is_missing_Should_be_a_usage_error() =>
        Assert.That(Parse("prune").Errors.Select(e => e.Message), Has.Some.Contains("--older-than"));

    [Test]
    public void Should_agree_with_the_limit_of_ten_years() =>
        Assert.That((PruneAgeOption.IsValid("3653d"), PruneAgeOption.IsValid("3654d")), Is.EqualTo((true, false)));
}
