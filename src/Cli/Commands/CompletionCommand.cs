using System.CommandLine;

namespace Stamina.Cli.Commands;

/// <summary>
/// <c>stamina completion bash|zsh|fish</c>: prints a completion script. The scripts hold no word lists: they ask
/// stamina itself through System.CommandLine's <c>[suggest:POSITION]</c> directive (the dotnet-suggest protocol).
/// </summary>
static class CompletionCommand
{
    public static readonly string[] Shells = ["bash", "zsh", "fish"];

    public const string Examples = """
        Examples:
          source <(stamina completion bash)        (or add that line to ~/.bashrc)
          source <(stamina completion zsh)         (or add that line to ~/.zshrc)
          stamina completion fish | source         (or > ~/.config/fish/completions/stamina.fish)
        """;

    public static Command Create(CliContext context)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong(Shells);
        var command = new Command("completion", "Print a shell completion script for stamina") { shell };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await context.Out.WriteAsync(Script(parseResult.GetValue(shell)!).AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The script for <paramref name="shell"/>, from the files in src/Cli/Completion.</summary>
    public static string Script(string shell)
    {
        var name = $"Stamina.Cli.Completion.stamina.{shell}";
        using var stream = typeof(CompletionCommand).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the completion script {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
