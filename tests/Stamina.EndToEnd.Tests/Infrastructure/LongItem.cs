using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>
/// For the outage tests: an item whose command works for about ten seconds and then writes its attempt number,
/// and the check that the outage cost it nothing (one attempt, no failure, nothing lost, the first run's work).
/// </summary>
sealed record LongItem(Guid Id, int Command)
{
    /// <summary>Submits it and waits until its command runs.</summary>
    public static async Task<LongItem> StartAsync(Fleet fleet)
    {
        var pidFile = Path.Combine(fleet.Root, $"long-{Guid.NewGuid():N}.pid");
        var id = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[]
            {
                "sh", "-c",
                $"echo $$ > '{pidFile}'; i=0; while [ $i -lt 40 ]; do i=$((i+1)); sleep 0.25; done; echo \"$STAMINA_ATTEMPT\" > result.txt",
            },
        })).Id();
        await fleet.WaitForStateAsync(id, "Running", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n')),
            TimeSpan.FromSeconds(30), "the command to start");
        return new LongItem(id, int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task AssertFinishedAtNoCostAsync(Fleet fleet)
    {
        var item = await fleet.WaitForStateAsync(Id, "Succeeded", TimeSpan.FromSeconds(120));
        Assert.That(item.Attempts().Select(a => a.Text("outcome")), Is.EqualTo(new[] { "succeeded" }), "one attempt, never lost or retried");
        Assert.That((item.GetProperty("failures").GetInt32(), item.GetProperty("lostAttempts").GetInt32()), Is.EqualTo((0, 0)));
        Assert.That(fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "result.txt"), Is.EqualTo("1"),
            "the first attempt's command ran to its end");
    }
}
