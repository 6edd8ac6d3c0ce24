namespace Stamina.Testing;

/// <summary><c>stamina local</c> as a user runs it: the built CLI, its own log format, the tests' working directory.</summary>
public static class LocalProgram
{
    /// <summary>The built stamina CLI (a dll, run with dotnet).</summary>
    public static string Cli => RepositoryRoot.Program("Cli", "stamina");

    public static ServiceProcess Start(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        ServiceProcess.StartAsUser(name, Cli, ["local", .. arguments], environment);
}
