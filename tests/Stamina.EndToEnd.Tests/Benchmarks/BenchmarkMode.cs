namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>
/// Full or quick (<c>STAMINA_BENCH_QUICK=1</c>, set by <c>scripts/bench.sh --quick</c>): the quick run uses smaller
/// counts so that all of it stays under three minutes in CI, and is judged only by its ratios' regression bounds.
/// </summary>
static class BenchmarkMode
{
    public static bool Quick => Environment.GetEnvironmentVariable("STAMINA_BENCH_QUICK") == "1";

    /// <summary><paramref name="full"/> in a full run, <paramref name="quick"/> in a quick one.</summary>
    public static T Pick<T>(T full, T quick) => Quick ? quick : full;

    /// <summary>Skips the benchmark in a quick run, saying why (the reason shows in the test output).</summary>
    public static void LeaveOutOfQuick(string reason)
    {
        if (Quick)
            Assert.Ignore("not in --quick: " + reason);
    }
}
