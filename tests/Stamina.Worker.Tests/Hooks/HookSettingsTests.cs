using System.ComponentModel.DataAnnotations;
using Stamina.Worker.Hooks;

namespace Stamina.Worker.Tests.Hooks;

/// <summary>Bad hook and shift settings are refused at start, each naming its setting.</summary>
[TestFixture]
public sealed class HookSettingsTests
{
    static List<string> Problems(WorkerSettings settings)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "")];
    }

    static WorkerSettings WithHooks(HookSettings hooks) => new() { Hooks = hooks };

    [Test]
    public void Good_hooks_and_shift_Should_pass()
    {
        var settings = WithHooks(new HookSettings
        {
            PreTask = new HookCommand { Command = ["./check", "--fast"], Timeout = TimeSpan.FromSeconds(30) },
            PostTask = new HookCommand { Command = ["make", "test"] },
            HealthCheck = new HookCommand { Command = ["df-check"], Interval = TimeSpan.FromSeconds(30) },
        });
        settings.Shift = "22:00-07:00";
        settings.ShiftTimeZone = "Europe/Berlin";
        Assert.That(Problems(settings), Is.Empty);
    }

    [Test]
    public void An_empty_command_Should_be_refused_naming_the_hook()
    {
        var problems = Problems(WithHooks(new HookSettings { PostTask = new HookCommand { Timeout = TimeSpan.FromSeconds(5) } }));
        Assert.That(problems, Has.One.Contains("Stamina:Worker:Hooks:PostTask:Command is empty"));
    }

    [Test]
    public void A_blank_program_Should_be_refused()
    {
        var problems = Problems(WithHooks(new HookSettings { PreTask = new HookCommand { Command = [" ", "x"] } }));
        Assert.That(problems, Has.One.Contains("Stamina:Worker:Hooks:PreTask:Command is empty"));
    }

    [TestCase("00:00:00")]
    [TestCase("-00:00:01")]
    [TestCase("2.00:00:00")]
    public void A_timeout_out_of_range_Should_be_refused(string timeout)
    {
        var problems = Problems(WithHooks(new HookSettings { PreTask = new HookCommand { Command = ["x"], Timeout = TimeSpan.Parse(timeout) } }));
        Assert.That(problems, Has.One.Contains("Stamina:Worker:Hooks:PreTask:Timeout must be more than 0"));
    }

    [Test]
    public void A_health_check_interval_under_a_second_Should_be_refused()
    {
        var problems = Problems(WithHooks(new HookSettings { HealthCheck = new HookCommand { Command = ["x"], Interval = TimeSpan.FromMilliseconds(10) } }));
        Assert.That(problems, Has.One.Contains("Stamina:Worker:Hooks:HealthCheck:Interval must be between"));
    }

    [Test]
    public void A_bad_shift_Should_be_refused_naming_the_setting()
    {
        Assert.That(Problems(new WorkerSettings { Shift = "22-07" }), Has.One.Contains("Stamina:Worker:Shift: shift '22-07': '22' is not a time of day"));
        Assert.That(Problems(new WorkerSettings { Shift = "22:00-07:00", ShiftTimeZone = "Nowhere/Else" }),
            Has.One.Contains("time zone 'Nowhere/Else' is unknown"));
        Assert.That(Problems(new WorkerSettings { ShiftTimeZone = "Europe/Berlin" }),
            Has.One.Contains("Stamina:Worker:ShiftTimeZone is set without Stamina:Worker:Shift"));
    }
}
