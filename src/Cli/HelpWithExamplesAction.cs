using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Stamina.Cli;

/// <summary>
/// The standard help, followed by the command's examples (System.CommandLine has no examples section). Commands in
/// <paramref name="withoutClientOptions"/> (the services' hosts) do not list the CLI's client options, which mean
/// nothing to them.
/// </summary>
sealed class HelpWithExamplesAction(HelpAction standard, IReadOnlyDictionary<Command, string> examples,
    IReadOnlySet<Command> withoutClientOptions, IReadOnlyList<Option> clientOptions)
    : SynchronousCommandLineAction
{
    // Like the standard help: '--help' wins over other errors on the same line.
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        var exitCode = OptionVisibility.WithHidden(withoutClientOptions.Contains(command) ? clientOptions : [], () => standard.Invoke(parseResult));
        if (examples.TryGetValue(command, out var text))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(text.TrimEnd());
            output.WriteLine();
        }
        return exitCode;
    }
}
