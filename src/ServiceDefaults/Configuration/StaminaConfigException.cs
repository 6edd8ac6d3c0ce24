namespace Stamina.ServiceDefaults.Configuration;

/// <summary>
/// The configuration file is missing (when named explicitly) or is not valid: the message starts with
/// <c>file:line:column</c> when a place in the file is to blame, so an editor can jump there.
/// </summary>
public sealed class StaminaConfigException(string message, string file, int? line = null, int? column = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public string File { get; } = file;

    /// <summary>1-based; null when the whole file is at fault (not found, unreadable).</summary>
    public int? Line { get; } = line;

    public int? Column { get; } = column;

    public static StaminaConfigException At(string file, int line, int column, string problem, Exception? innerException = null) =>
        new($"{file}:{line}:{column}: {problem}", file, line, column, innerException);
}
