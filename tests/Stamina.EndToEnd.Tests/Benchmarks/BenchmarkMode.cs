namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>
/// Full or quick (<c>STAMINA_BENCH_QUICK=1</c>, set by <c>scripts/bench.sh --quick</c>): the quick run uses smaller
/// counts so that all of it stays under three minutes in CI, and is judged only by its ratios' regression bounds.
/// </summary>
static class BenchmarkMode
{
    /// <summary>The category of the benchmarks that have a quick mode: the only ones <c>scripts/bench.sh --quick</c> runs.</summary>
    public const string QuickCategory = "QuickBenchmark";

    public static bool Quick => Environment.GetEnvironmentVariable("STAMINA_BENCH_QUICK") == "1";

    /// <summary><paramref name="full"/> in a full run, <paramref name="quick"/> in a quick one.</summary>
    public static T Pick<T>(T full, T quick) => Quick ? quick : full;
}
