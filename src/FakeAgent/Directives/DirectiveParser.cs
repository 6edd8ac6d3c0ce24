using System.Globalization;
using System.Text.RegularExpressions;

namespace Stamina.FakeAgent.Directives;

/// <summary>
/// Reads <c>fake: BEHAVIOUR [key=value ...]</c> and <c>fake[N]: ...</c> lines out of a prompt. Every such line
/// is validated, even one meant for another attempt, so that a typo fails the run instead of being ignored.
/// </summary>
static partial class DirectiveParser
{
    public static readonly IReadOnlyDictionary<string, Behaviour> BehaviourNames = new Dictionary<string, Behaviour>
    {
        ["succeed"] = Behaviour.Succeed,
        ["fail"] = Behaviour.Fail,
        ["hang"] = Behaviour.Hang,
        ["stall"] = Behaviour.Stall,
        ["usage-limit"] = Behaviour.UsageLimit,
        ["auth-failure"] = Behaviour.AuthFailure,
        ["garbage"] = Behaviour.Garbage,
        ["crash"] = Behaviour.Crash,
        ["overrun-budget"] = Behaviour.OverrunBudget,
    };

    /// <summary>
    /// The last <c>fake[attempt]:</c> line when one matches <paramref name="attempt"/>, else the last plain
    /// <c>fake:</c> line, else <see cref="Directive.Default"/>.
    /// </summary>
    public static Directive Choose(string prompt, int? attempt)
    {
        Directive? plain = null;
        Directive? forThisAttempt = null;
        foreach (var line in prompt.Split('\n'))
        {
            var match = LinePattern().Match(line.TrimEnd('\r'));
            if (!match.Success)
                continue;
            var directive = ParseBody(match.Groups["body"].Value, line.Trim());
            var target = match.Groups["attempt"];
            if (!target.Success)
                plain = directive;
            else if (int.TryParse(target.Value, CultureInfo.InvariantCulture, out var number) && number == attempt)
                forThisAttempt = directive;
        }
        return forThisAttempt ?? plain ?? Directive.Default;
    }

    /// <summary>
    /// The last <c>fake-verdict[round=N]:</c> line for this review round, else the last plain <c>fake-verdict:</c>
    /// line, else null. Every such line is validated.
    /// </summary>
    public static VerdictDirective? ChooseVerdict(string prompt, int? round)
    {
        VerdictDirective? plain = null;
        VerdictDirective? forThisRound = null;
        foreach (var line in prompt.Split('\n'))
        {
            var match = VerdictPattern().Match(line.TrimEnd('\r'));
            if (!match.Success)
                continue;
            var body = match.Groups["body"].Value.Trim();
            var space = body.IndexOfAny([' ', '\t']);
            var kind = space < 0 ? body : body[..space];
            if (!VerdictDirective.Kinds.Contains(kind))
                throw new DirectiveException($"'{line.Trim()}': unknown verdict '{kind}' (known: {string.Join(", ", VerdictDirective.Kinds)})");
            var verdict = new VerdictDirective(kind, space < 0 ? "" : body[(space + 1)..].Trim());
            var target = match.Groups["round"];
            if (!target.Success)
                plain = verdict;
            else if (int.TryParse(target.Value, CultureInfo.InvariantCulture, out var number) && number == round)
                forThisRound = verdict;
        }
        return forThisRound ?? plain;
    }

    static Directive ParseBody(string body, string line)
    {
        var words = body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            throw new DirectiveException($"'{line}': no behaviour after 'fake:'");
        // A line of keys only ("fake: sleep=5s") modifies the default behaviour.
        var behaviourGiven = !words[0].Contains('=', StringComparison.Ordinal);
        var directive = Directive.Default;
        if (behaviourGiven)
        {
            if (!BehaviourNames.TryGetValue(words[0], out var behaviour))
                throw new DirectiveException($"'{line}': unknown behaviour '{words[0]}' (known: {string.Join(", ", BehaviourNames.Keys)})");
            directive = Directive.ForBehaviour(behaviour);
        }
        foreach (var word in words.Skip(behaviourGiven ? 1 : 0))
            directive = WithSetting(directive, word, line);
        return directive;
    }

    static Directive WithSetting(Directive directive, string word, string line)
    {
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == word.Length - 1)
            throw new DirectiveException($"'{line}': '{word}' is not key=value");
        var key = word[..equals];
        var value = word[(equals + 1)..];
        try
        {
            return key switch
            {
                "turns" => directive with { Turns = ParseCount(value) },
                "delay" => directive with { Delay = DurationText.Parse(value) },
                "cost" => directive with { CostPerTurn = ParseCost(value) },
                "sleep" => directive with { Sleep = DurationText.Parse(value) },
                "exit" => directive with { ExitCode = ParseExitCode(value) },
                "every" => directive with { Every = ParsePositive(DurationText.Parse(value)) },
                "reset-in" => directive with { ResetIn = DurationText.Parse(value) },
                _ => throw new DirectiveException($"unknown key '{key}' (known: turns, delay, cost, sleep, exit, every, reset-in)"),
            };
        }
        catch (DirectiveException error)
        {
            throw new DirectiveException($"'{line}': {error.Message}");
        }
    }

    static int ParseCount(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new DirectiveException($"'{value}' is not a whole number >= 0");

    static decimal ParseCost(string value) =>
        decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cost)
            ? cost
            : throw new DirectiveException($"'{value}' is not an amount of USD like 0.25");

    static int ParseExitCode(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code <= 255
            ? code
            : throw new DirectiveException($"'{value}' is not an exit code 0-255");

    static TimeSpan ParsePositive(TimeSpan interval) =>
        interval > TimeSpan.Zero ? interval : throw new DirectiveException("the interval must be more than zero");

    [GeneratedRegex(@"^\s*fake(\[(?<attempt>\d+)\])?:(?<body>.*)$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^\s*fake-verdict(\[round=(?<round>\d+)\])?:(?<body>.*)$")]
    private static partial Regex VerdictPattern();
}
