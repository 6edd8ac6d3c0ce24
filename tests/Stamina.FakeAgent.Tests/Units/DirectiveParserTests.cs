using Stamina.FakeAgent.Directives;

namespace Stamina.FakeAgent.Tests.Units;

public class DirectiveParserTests
{
    [Test]
    public void When_the_prompt_has_no_directive_Should_succeed_with_three_turns()
    {
        var directive = DirectiveParser.Choose("Fix the bug.\nThe fake: is not at the start of this line.", attempt: 1);

        Assert.That(directive, Is.EqualTo(Directive.Default));
        Assert.That(directive.Behaviour, Is.EqualTo(Behaviour.Succeed));
        Assert.That(directive.Turns, Is.EqualTo(3));
    }

    [Test]
    public void When_keys_are_given_Should_override_the_defaults_of_the_behaviour()
    {
        var directive = DirectiveParser.Choose("  fake: succeed turns=5 delay=0ms cost=0.25 sleep=1.5s exit=7\r\n", attempt: null);

        Assert.That(directive, Is.EqualTo(Directive.Default with
        {
            Turns = 5,
            Delay = TimeSpan.Zero,
            CostPerTurn = 0.25m,
            Sleep = TimeSpan.FromSeconds(1.5),
            ExitCode = 7,
        }));
    }

    [TestCase("1m30s", 90)]
    [TestCase("00:01:30", 90)]
    [TestCase("250ms", 0.25)]
    [TestCase("2h", 7200)]
    public void When_a_duration_is_written_in_any_form_of_the_one_grammar_Should_read_it(string text, double seconds)
    {
        var directive = DirectiveParser.Choose($"fake: succeed sleep={text}", attempt: null);

        Assert.That(directive.Sleep, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("fake: fail", nameof(Behaviour.Fail), 1)]
    [TestCase("fake: hang every=250ms", nameof(Behaviour.Hang), 1)]
    [TestCase("fake: stall", nameof(Behaviour.Stall), 1)]
    [TestCase("fake: usage-limit reset-in=2m", nameof(Behaviour.UsageLimit), 0)]
    [TestCase("fake: auth-failure", nameof(Behaviour.AuthFailure), 0)]
    [TestCase("fake: garbage", nameof(Behaviour.Garbage), 3)]
    [TestCase("fake: crash", nameof(Behaviour.Crash), 0)]
    [TestCase("fake: overrun-budget", nameof(Behaviour.OverrunBudget), 40)]
    public void When_a_behaviour_is_named_Should_take_its_default_turns(string line, string behaviour, int turns)
    {
        var directive = DirectiveParser.Choose(line, attempt: null);

        Assert.That(directive.Behaviour.ToString(), Is.EqualTo(behaviour));
        Assert.That(directive.Turns, Is.EqualTo(turns));
    }

    [Test]
    public void When_only_keys_are_given_Should_modify_succeed()
    {
        var directive = DirectiveParser.Choose("fake: sleep=5s", attempt: null);

        Assert.That(directive, Is.EqualTo(Directive.Default with { Sleep = TimeSpan.FromSeconds(5) }));
    }

    [Test]
    public void When_an_attempt_specific_line_matches_Should_win_over_plain_lines_wherever_they_are()
    {
        const string prompt = "fake[2]: hang\nfake: fail\nfake[3]: crash\nfake: usage-limit";

        Assert.Multiple(() =>
        {
            Assert.That(DirectiveParser.Choose(prompt, attempt: 2).Behaviour, Is.EqualTo(Behaviour.Hang));
            Assert.That(DirectiveParser.Choose(prompt, attempt: 3).Behaviour, Is.EqualTo(Behaviour.Crash));
            Assert.That(DirectiveParser.Choose(prompt, attempt: 1).Behaviour, Is.EqualTo(Behaviour.UsageLimit), "last plain line");
            Assert.That(DirectiveParser.Choose(prompt, attempt: null).Behaviour, Is.EqualTo(Behaviour.UsageLimit));
        });
    }

    [TestCase("fake: explode", "unknown behaviour 'explode'")]
    [TestCase("fake: succeed turn=3", "unknown key 'turn'")]
    [TestCase("fake: succeed delay=100", "'100' is not a duration")]
    [TestCase("fake: succeed turns=-1", "'-1' is not a whole number")]
    [TestCase("fake: succeed turns=", "is not key=value")]
    [TestCase("fake: succeed exit=256", "'256' is not an exit code")]
    [TestCase("fake: hang every=0s", "more than zero")]
    [TestCase("fake: succeed sleep=25h", "longer than 24h")]
    [TestCase("fake: succeed cost=-1", "not an amount")]
    [TestCase("fake:", "no behaviour")]
    [TestCase("fake[9]: explode", "unknown behaviour 'explode'")]
    public void When_a_line_is_wrong_Should_refuse_it_even_for_another_attempt(string line, string complaint)
    {
        var error = Assert.Throws<DirectiveException>(() => DirectiveParser.Choose($"Do the task.\n{line}", attempt: 1));

        Assert.That(error!.Message, Does.Contain(complaint).And.Contain(line.Trim()));
    }
}
