namespace Stamina.Worker.Tests.Processes;

/// <summary>Polls a condition until it holds or a deadline passes: no fixed sleeps in tests.</summary>
static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting until {because}.");
            await Task.Delay(20);
        }
    }
}
