using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Stamina.ServiceDefaults.Configuration;

namespace Stamina.Worker.Tests.Facts;

/// <summary>The request retries' settings: the project's duration grammar, their defaults, and what validation refuses.</summary>
[TestFixture]
public sealed class RequestRetrySettingsFacts
{
    static WorkerSettings Bind(Dictionary<string, string?> values)
    {
        DurationConverter.Register();
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build()
            .GetSection(WorkerSettings.Section).Get<WorkerSettings>() ?? new WorkerSettings();
    }

    static List<ValidationResult> Problems(WorkerSettings settings)
    {
        var problems = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), problems, validateAllProperties: true);
        return problems;
    }

    [Test]
    public void Bind_KeepsTheEarlierHardCodedTimings_WhenNothingIsSet()
    {
        var settings = Bind([]);

        Assert.That((settings.ClaimRequestTimeout, settings.ClaimRetryDelay, settings.ClaimWaitLimit),
            Is.EqualTo((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1))));
        Assert.That((settings.CompletionRequestTimeout, settings.CompletionRetryDelay, settings.CompletionMaxRetryDelay, settings.CompletionPatience),
            Is.EqualTo((TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10))));
        Assert.That(settings.HeartbeatTimeoutOrDefault(), Is.EqualTo(settings.HeartbeatInterval));
        Assert.That(new WorkerSettings { HeartbeatInterval = TimeSpan.FromMilliseconds(200) }.HeartbeatTimeoutOrDefault(), Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(Problems(settings), Is.Empty);
    }

    [Test]
    public void Bind_ReadsTheOneDurationGrammar_WhenTimingsAreSet()
    {
        var settings = Bind(new()
        {
            [$"{WorkerSettings.Section}:ClaimRetryDelay"] = "250ms",
            [$"{WorkerSettings.Section}:CompletionPatience"] = "1h30m",
            [$"{WorkerSettings.Section}:HeartbeatTimeout"] = "00:00:05",
        });

        Assert.That((settings.ClaimRetryDelay, settings.CompletionPatience, settings.HeartbeatTimeout),
            Is.EqualTo((TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(90), (TimeSpan?)TimeSpan.FromSeconds(5))));
    }

    [Test]
    public void Validate_RefusesNamingTheSetting_WhenTheLongestWaitIsShorterThanTheFirst()
    {
        var settings = new WorkerSettings { CompletionRetryDelay = TimeSpan.FromSeconds(20), CompletionMaxRetryDelay = TimeSpan.FromSeconds(10) };

        Assert.That(Problems(settings).Select(p => p.ErrorMessage), Has.One.Contains("Stamina:Worker:CompletionMaxRetryDelay"));
    }

    [Test]
    public void Validate_RefusesAClaimThatWouldNeverBeAnswered_WhenItsTimeoutIsZero()
    {
        var settings = new WorkerSettings { ClaimRequestTimeout = TimeSpan.Zero };

        Assert.That(Problems(settings).SelectMany(p => p.MemberNames), Does.Contain(nameof(WorkerSettings.ClaimRequestTimeout)));
    }
}
