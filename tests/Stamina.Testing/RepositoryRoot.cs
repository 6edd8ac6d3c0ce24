namespace Stamina.Testing;

/// <summary>Finds the checkout (the folder with Stamina.sln) and the built programs in it.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>The build configuration of these tests, and so of the programs they run.</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built dll of a project under src/, in the same configuration as these tests.</summary>
    public static string Program(string project, string assembly)
    {
        var dll = System.IO.Path.Combine(Path, "src", project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build Stamina.sln first", dll);
    }

    /// <summary>The fake agent's executable (its apphost), which tests configure as every agent CLI.</summary>
    public static string FakeAgent
    {
        get
        {
            var dll = Program("FakeAgent", "stamina-fake-agent");
            return dll[..^".dll".Length];
        }
    }

    static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Stamina.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Stamina.sln not found above " + AppContext.BaseDirectory);
    }
}
