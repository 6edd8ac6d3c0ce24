using Stamina.FakeAgent.Tests.Running;

namespace Stamina.FakeAgent.Tests.Modes;

public class LoginStatusTests : WorkspaceTest
{
    [Test]
    public async Task Codex_login_status_Should_say_logged_in_unless_the_account_is_marked_logged_out()
    {
        var home = Directory.CreateDirectory(Path.Combine(Workspace, "codex-home")).FullName;
        var environment = new Dictionary<string, string> { ["CODEX_HOME"] = home };

        var loggedIn = await RunAsync(["login", "status"], "", environment);
        File.WriteAllText(Path.Combine(home, "fake-logged-out"), "");
        var loggedOut = await RunAsync(["login", "status"], "", environment);

        Assert.That(loggedIn.ExitCode, Is.Zero, loggedIn.ToString());
        Assert.That((loggedOut.ExitCode, loggedOut.Stderr.Trim()), Is.EqualTo((1, "Not logged in")));
    }
}
