using System.CommandLine;
using Stamina.Cli.Api;

namespace Stamina.Cli.Parsing;

/// <summary><c>--since</c>, <c>--from</c> and <c>--to</c>: the time window of <c>stats</c> and <c>report</c>.</summary>
sealed class WindowOptions
{
    public WindowOptions(string sinceDescription)
    {
        Since = DurationOption.Create("--since", sinceDescription);
        From = new Option<string?>("--from") { Description = "Start of the window instead of --since: an ISO 8601 time with a zone (2026-12-06T20:00:00Z)", HelpName = "TIME" };
        To = new Option<string?>("--to") { Description = "End of the window: an ISO 8601 time with a zone [default: now]", HelpName = "TIME" };
    }

    public Option<string?> Since { get; }
    public Option<string?> From { get; }
    public Option<string?> To { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Since);
        command.Options.Add(From);
        command.Options.Add(To);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Since) is not null && result.GetValue(From) is not null)
                result.AddError("give --since or --from, not both");
        });
    }

    public WindowRequest Read(ParseResult parseResult) => new(parseResult.GetValue(Since), parseResult.GetValue(From), parseResult.GetValue(To));
}
