namespace Stamina.Worker.Git;

/// <summary>A git command failed. The arguments are shown with any credentials in URLs masked.</summary>
public sealed class GitCommandException : Exception
{
    public GitCommandException(IReadOnlyList<string> arguments, int exitCode, string standardError, bool timedOut)
        : base(Describe(arguments, exitCode, standardError, timedOut))
    {
        Arguments = [.. arguments.Select(GitText.Redact)];
        ExitCode = exitCode;
        StandardError = GitText.Redact(standardError);
        TimedOut = timedOut;
    }

    /// <summary>The arguments after <c>git</c> (without the hardening options every call gets).</summary>
    public IReadOnlyList<string> Arguments { get; }

    public int ExitCode { get; }

    /// <summary>The last part of what git wrote to stderr.</summary>
    public string StandardError { get; }

    public bool TimedOut { get; }

    static string Describe(IReadOnlyList<string> arguments, int exitCode, string standardError, bool timedOut)
    {
        var command = "git " + string.Join(' ', arguments.Select(GitText.Redact));
        var why = timedOut ? "timed out and was killed" : $"failed with exit code {exitCode}";
        var detail = GitText.Redact(standardError).Trim();
        if (detail.Length > 2000)
            detail = "…" + detail[^2000..];
        return detail.Length == 0 ? $"{command} {why}." : $"{command} {why}: {detail}";
    }
}
