using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Stamina.Cli;

/// <summary>
/// The <c>[suggest:N] "LINE"</c> directive (what <c>stamina completion</c>'s scripts call), whose answers for the
/// services' commands leave out the CLI's client options, as their help does.
/// </summary>
sealed class SuggestWithoutClientOptionsAction(SynchronousCommandLineAction standard, IReadOnlySet<Command> withoutClientOptions,
    IReadOnlyList<Option> clientOptions) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        // The line being completed is the directive's argument; the command it is in decides what to hide.
        var line = parseResult.Tokens.LastOrDefault(t => t.Type != TokenType.Directive)?.Value ?? "";
        var command = parseResult.RootCommandResult.Command.Parse(line).CommandResult.Command;
        return OptionVisibility.WithHidden(withoutClientOptions.Contains(command) ? clientOptions : [], () => standard.Invoke(parseResult));
    }
}
