using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

[TestFixture]
public sealed class CommandEnvironmentTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task When_a_command_runs_Should_get_the_prompt_and_its_ids_but_never_the_workers_credentials()
    {
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            prompt = "line one\nline \"two\" $(not expanded)",
            command = new[] { "sh", "-c", "cat > stdin.txt; env > env.txt" },
        })).Id();

        var item = await fleet.WaitForStateAsync(id, "Succeeded", TimeSpan.FromSeconds(60));

        var branch = item.Result().GetProperty("branch").GetString()!;
        var environment = fleet.Repository.Show(branch, "env.txt");
        Assert.That(fleet.Repository.Show(branch, "stdin.txt"), Is.EqualTo("line one\nline \"two\" $(not expanded)"));
        Assert.That(environment, Does.Contain($"STAMINA_ITEM_ID={id}").And.Contain("STAMINA_ATTEMPT=1"));
        Assert.That(environment, Does.Contain("STAMINA_PROMPT=line one"));
        Assert.That(environment, Does.Not.Contain("ConnectionStrings__").And.Not.Contain(fleet.VirtualHost.AmqpUri));
    }
}
