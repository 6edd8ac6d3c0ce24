using System.CommandLine;

namespace Stamina.Cli.Parsing;

static class DurationOption
{
    /// <summary>An optional duration, sent as typed; checked here so a typo is a usage error before anything is sent.</summary>
    public static Option<string?> Create(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "DURATION" };
        option.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>();
            if (text is not null && !DurationText.TryParse(text, out _))
                result.AddError($"{name} '{text}' is not a duration; use a number with s, m or h (90s, 30m, 2h) or hh:mm:ss");
        });
        return option;
    }
}
