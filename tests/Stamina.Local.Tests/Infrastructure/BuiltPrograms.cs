namespace Stamina.Local.Tests.Infrastructure;

/// <summary>The built stamina CLI and fake agent in this checkout, in the tests' own configuration.</summary>
static class BuiltPrograms
{
    public static readonly string Root = FindRoot();
    static readonly string Configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string Cli => Existing(Path.Combine(Root, "src", "Cli", "bin", Configuration, "net10.0", "stamina.dll"));

    /// <summary>The fake agent's apphost, configured as every agent CLI.</summary>
    public static string FakeAgent => Existing(Path.Combine(Root, "src", "FakeAgent", "bin", Configuration, "net10.0", "stamina-fake-agent"));

    static string Existing(string path) => File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build Stamina.sln first", path);

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Stamina.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Stamina.sln not found above " + AppContext.BaseDirectory);
    }
}
