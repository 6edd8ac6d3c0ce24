namespace Stamina.Cli.Render;

/// <summary>Shows an argv the way a POSIX shell would need it typed, so a command can be copied and rerun.</summary>
static class ArgvText
{
    public static string Join(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));

    static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
