using System.Net;
using System.Net.Sockets;
using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Through the whole fleet, with the sandbox required: a hostile command finds none of the worker's secrets and
/// cannot touch the mirror's configuration or the network, while its honest work (and an agent's) is committed and
/// the worker pushes the branch.
/// </summary>
[TestFixture(FleetMode.Processes)]
[TestFixture(FleetMode.Local)]
public sealed class SandboxTests(FleetMode mode) : FleetTestBase(mode)
{
    const string Script = """
        found() { echo "FOUND: $*"; }
        for f in /proc/[0-9]*/environ; do
          if tr '\0' '\n' < "$f" 2>/dev/null | grep -q -e '^ConnectionStrings__' -e '^Stamina__' -e amqp:// -e 'Host='; then found "environment of $f"; fi
        done
        for f in "$1/stamina.yml" /root/.config/stamina/services.env "$HOME/.config/stamina/services.env" /etc/gitconfig; do
          if cat "$f" 2>/dev/null | grep -q .; then found "file $f"; fi
        done
        if ls -A "$1/repos" 2>/dev/null | grep -q .; then found "the fleet's repositories"; fi
        if git config core.sshCommand 'touch /tmp/pwned' 2>/dev/null; then found "wrote the mirror's config"; fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then found "connected to 127.0.0.1:$2"; fi
        env | grep -e '^GIT_' -e '^SSH_AUTH_SOCK' | grep -q -v -e '^GIT_AUTHOR_' -e '^GIT_COMMITTER_' && found "credentials in the environment"
        echo honest work > work.txt
        echo end
        """;

    private protected override FleetOptions Options => new() { Workers = 1, Sandbox = "required" };

    [Test]
    public async Task A_hostile_command_Should_find_nothing_and_its_work_Should_still_be_pushed()
    {
        File.WriteAllText(Path.Combine(fleet.Root, "stamina.yml"), "Stamina:\n  ApiKey: a-secret-key-the-command-must-not-read\n");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            prompt = "escape",
            command = new[] { "bash", "-c", Script + "\n", "hostile", fleet.Root, port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        })).Id();

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        var branch = item.Result().GetProperty("branch").GetString()!;
        Assert.That(fleet.Repository.Show(branch, "work.txt"), Is.EqualTo("honest work").Or.EqualTo("honest work\n"), "committed and pushed by the worker");
        await Eventually.UntilAsync(async () => (await fleet.TranscriptAsync(id, 1)).Complete, TimeSpan.FromSeconds(30), "the transcript to be complete");
        var (transcript, _) = await fleet.TranscriptAsync(id, 1);
        var output = System.Text.Encoding.UTF8.GetString(transcript);
        Assert.That(output, Does.Contain("end"));
        Assert.That(output, Does.Not.Contain("FOUND"));
        Assert.That(listener.Pending(), Is.False);
        foreach (var config in Directory.EnumerateFiles(fleet.Root, "config", SearchOption.AllDirectories).Where(p => p.Contains("mirrors", StringComparison.Ordinal)))
            Assert.That(File.ReadAllText(config), Does.Not.Contain("sshCommand"));
    }

    [Test]
    public async Task A_commands_own_commit_Should_find_the_workers_identity_and_be_pushed()
    {
        // Every git configuration is hidden inside: without an identity git refuses to commit.
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[] { "sh", "-c", "echo mine > mine.txt && git add mine.txt && git commit -qm 'my own commit'" },
        })).Id();

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        var branch = item.Result().GetProperty("branch").GetString()!;
        Assert.That(fleet.Repository.Show(branch, "mine.txt"), Is.EqualTo("mine"));
    }

    [Test]
    public async Task An_agent_Should_work_in_its_worktree_as_without_a_sandbox()
    {
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, prompt = "write hello.txt", harness = "claude" })).Id();

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        var branch = item.Result().GetProperty("branch").GetString()!;
        Assert.That(fleet.Repository.Show(branch, "FAKE_AGENT.md"), Does.Contain("attempt 1"), "the agent's file, committed and pushed");
    }
}
