using System.CommandLine;
using System.CommandLine.Parsing;

namespace Stamina.Cli.Commands;

/// <summary>
/// <c>stamina coordinator</c> and <c>stamina worker</c>: a service's own host in this process. Every word after the
/// command name goes to the service untouched, as to its own executable, so any configuration switch it accepts
/// (<c>--Stamina:Worker:Name=w1</c>, <c>--urls ...</c>) works; the options declared here are for help and completion.
/// </summary>
static class ServiceCommand
{
    public const string PassThroughNote = """
        Any setting of docs/configuration.md may be given as a switch (--Section:Key=value or --Section:Key value),
        as to the stamina-coordinator / stamina-worker services; environment variables (Section__Key) and
        stamina.yml (--config PATH, else $STAMINA_CONFIG, else ./stamina.yml, else ~/.stamina/stamina.yml) work too.
        Missing or bad configuration: one line naming it, exit code 2.
        """;

    public static Command Create(string name, string description, Func<string[], Task<int>> run, IEnumerable<Option> documented)
    {
        // Unknown switches are the service's to judge, not the parser's.
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        foreach (var option in documented)
            command.Options.Add(option);
        // Shadows the CLI's own --config in this command's help: the services also read ./stamina.yml.
        command.Options.Add(new Option<string?>("--config")
        {
            Description = "The configuration file [default: $STAMINA_CONFIG, else ./stamina.yml, else ~/.stamina/stamina.yml]",
            HelpName = "PATH",
        });
        command.SetAction((parseResult, _) => run(ServiceArguments(parseResult, command)));
        return command;
    }

    /// <summary>
    /// The words the service gets: every token but the command's own name, in order, including global options such
    /// as <c>--config</c> given before it (the services read <c>--config</c> themselves).
    /// </summary>
    public static string[] ServiceArguments(ParseResult parseResult, Command command)
    {
        var tokens = parseResult.Tokens.ToList();
        var own = tokens.FindIndex(t => t.Type == TokenType.Command && t.Value == command.Name);
        if (own >= 0)
            tokens.RemoveAt(own);
        return [.. tokens.Where(t => t.Type != TokenType.Directive).Select(t => t.Value)];
    }

    public static Option<string?> Urls(string description) => new("--urls") { Description = description, HelpName = "URLS" };

    public static Option<string?> Setting(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName };
}
