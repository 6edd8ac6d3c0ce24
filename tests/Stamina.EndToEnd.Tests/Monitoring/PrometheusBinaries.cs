namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>
/// Debian's <c>prometheus</c> package (scripts/services.sh installs it): the server and promtool. Tests that need them
/// are skipped where they are missing, except in CI (<c>CI</c> set), where a missing binary is a failure.
/// </summary>
static class PrometheusBinaries
{
    public static string? Server => Find("prometheus");

    public static string? PromTool => Find("promtool");

    /// <summary>Stops the test: ignored on a developer's machine without the package, failed in CI.</summary>
    public static (string Server, string PromTool) RequireOrSkip()
    {
        if (Server is { } server && PromTool is { } promtool)
            return (server, promtool);
        const string Missing = "prometheus and promtool are not on PATH: install Debian's prometheus package (scripts/services.sh does)";
        var ci = Environment.GetEnvironmentVariable("CI");
        if (!string.IsNullOrWhiteSpace(ci) && !ci.Equals("false", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(Missing + "; CI must run this test");
        Assert.Ignore(Missing);
        throw new InvalidOperationException("unreachable");
    }

    static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
