using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Stamina.Cli;

/// <summary>The standard help, followed by the command's examples (System.CommandLine has no examples section).</summary>
internal sealed class HelpWithExamplesAction(HelpAction standard, IReadOnlyDictionary<Command, string> examples)
    : SynchronousCommandLineAction
{
    // Like the standard help: '--help' wins over other errors on the same line.
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = standard.Invoke(parseResult);
        if (examples.TryGetValue(parseResult.CommandResult.Command, out var text))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(text.TrimEnd());
            output.WriteLine();
        }
        return exitCode;
    }
}
