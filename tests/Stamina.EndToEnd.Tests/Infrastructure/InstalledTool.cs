using System.Text.RegularExpressions;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The <c>stamina</c> tool as a user gets it: <c>dotnet pack src/Cli</c> (from the tests' own build) into a local
/// feed, then <c>dotnet tool install stamina --tool-path DIR --add-source FEED</c>.
/// </summary>
sealed partial class InstalledTool : IDisposable
{
    readonly TemporaryDirectory directory;

    InstalledTool(TemporaryDirectory directory, string version)
    {
        this.directory = directory;
        Version = version;
    }

    public string Version { get; }
    public string Feed => directory.Combine("feed");
    public string ToolPath => directory.Combine("tools");
    public string Executable => Path.Combine(ToolPath, "stamina");

    public static async Task<InstalledTool> PackAndInstallAsync()
    {
        var directory = new TemporaryDirectory("tool");
        try
        {
            var feed = directory.Combine("feed");
            // --no-build: the package of what these tests were built from, in seconds rather than a Release build's minutes.
            await ToolProcess.RunAsync("dotnet", ["pack", Path.Combine(RepositoryRoot.Path, "src", "Cli"), "--no-build", "-c", RepositoryRoot.Configuration,
                "-o", feed, "-v", "quiet", "-nologo"]);
            var package = Directory.GetFiles(feed, "stamina.*.nupkg").Single();
            var version = PackageVersion().Match(Path.GetFileName(package)).Groups[1].Value;
            // The exact version from the local feed (the machine's own source may be unreachable: it is not needed); a packages folder of its own, so that a cached package of the same
            // version from an earlier run is never installed instead of this one.
            await ToolProcess.RunAsync("dotnet", ["tool", "install", "stamina", "--version", version, "--tool-path", directory.Combine("tools"),
                "--add-source", feed, "--ignore-failed-sources"], new Dictionary<string, string> { ["NUGET_PACKAGES"] = directory.Combine("packages") });
            return new InstalledTool(directory, version);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        CliRun.RunProgramAsync([Executable], environment, arguments);

    public void Dispose() => directory.Dispose();

    [GeneratedRegex(@"^stamina\.(.+)\.nupkg$")]
    private static partial Regex PackageVersion();
}
