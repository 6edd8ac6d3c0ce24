namespace Stamina.FakeAgent.Cli;

/// <summary>
/// <c>codex login status</c>, which a worker asks before a Codex run: logged in, unless the account's
/// <c>CODEX_HOME</c> holds a file <c>fake-logged-out</c>.
/// </summary>
static class LoginStatus
{
    public const string LoggedOutMarker = "fake-logged-out";

    public static bool Matches(string[] args) => args is ["login", "status", ..];

    public static int Run()
    {
        var home = Environment.GetEnvironmentVariable("CODEX_HOME");
        if (home is { Length: > 0 } && File.Exists(Path.Combine(home, LoggedOutMarker)))
        {
            Console.Error.WriteLine("Not logged in");
            return 1;
        }
        Console.Error.WriteLine("Logged in using an API key (stamina-fake-agent: a test double)");
        return 0;
    }
}
