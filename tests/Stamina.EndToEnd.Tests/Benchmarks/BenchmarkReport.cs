using System.Globalization;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>Appends one benchmark's Markdown section to the file scripts/bench.sh assembles into docs/benchmarks.md.</summary>
static class BenchmarkReport
{
    static readonly HashSet<string> PartsWithRatios = [];

    public static string Directory => Environment.GetEnvironmentVariable("STAMINA_BENCH_OUT")
        ?? Path.Combine(RepositoryRoot.Path, "artifacts", "bench");

    public static void Write(string name, string markdown)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, name + ".md"), markdown.TrimEnd() + "\n");
        TestContext.Progress.WriteLine(markdown);
    }

    /// <summary>
    /// Records a ratio of <paramref name="part"/> (see <see cref="RatioRecord"/>) in <c>{part}.ratios.tsv</c>, which the
    /// part's first ratio of this run starts afresh, and returns it. The benchmark never fails on it: scripts/bench.sh
    /// --quick fails the run when a recorded ratio broke its bound.
    /// </summary>
    public static RatioRecord Ratio(string part, string name, double value, RatioBound goal, RatioBound bound)
    {
        if (name.Contains('\t', StringComparison.Ordinal) || name.Contains('\n', StringComparison.Ordinal))
            throw new ArgumentException("A ratio's name is one line without tabs.", nameof(name));
        var record = new RatioRecord(name, value, goal, bound);
        System.IO.Directory.CreateDirectory(Directory);
        var file = Path.Combine(Directory, part + ".ratios.tsv");
        lock (PartsWithRatios)
        {
            if (PartsWithRatios.Add(part))
                File.WriteAllText(file, "");
            File.AppendAllText(file, record.ToLine() + "\n");
        }
        TestContext.Progress.WriteLine($"ratio {name}: {value:0.000} (goal {goal}, bound {bound}): {record.Verdict}");
        return record;
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
