using System.Globalization;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>Appends one benchmark's Markdown section to the file scripts/bench.sh assembles into docs/benchmarks.md.</summary>
static class BenchmarkReport
{
    public static string Directory => Environment.GetEnvironmentVariable("STAMINA_BENCH_OUT")
        ?? Path.Combine(RepositoryRoot.Path, "artifacts", "bench");

    public static void Write(string name, string markdown)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, name + ".md"), markdown.TrimEnd() + "\n");
        TestContext.Progress.WriteLine(markdown);
    }

    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[rank];
    }

    public static string Seconds(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string Milliseconds(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
