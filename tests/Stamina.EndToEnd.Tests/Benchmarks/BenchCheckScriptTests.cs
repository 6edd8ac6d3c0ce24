using System.Diagnostics;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>scripts/bench-check.sh reads the lines <see cref="RatioRecord"/> writes and fails on a broken bound.</summary>
public sealed class BenchCheckScriptTests
{
    [Test]
    public async Task Ratios_within_their_bounds_passAsync()
    {
        using var directory = new TemporaryDirectory("bench-check");
        Write(directory, "overhead", new RatioRecord("overhead", 6.6, RatioBound.AtMost(1.5), RatioBound.AtMost(14)));
        Write(directory, "scaling", new RatioRecord("scaling, 4 workers", 0.8, RatioBound.AtLeast(0.95), RatioBound.AtLeast(0.6)));

        var (exitCode, output) = await CheckAsync(directory.Path);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("2 ratios, every one within its bound"));
    }

    [Test]
    public async Task A_ratio_past_its_bound_fails_and_is_namedAsync()
    {
        using var directory = new TemporaryDirectory("bench-check");
        Write(directory, "overhead", new RatioRecord("overhead", 6.6, RatioBound.AtMost(1.5), RatioBound.AtMost(14)));
        Write(directory, "scaling", new RatioRecord("scaling, 4 workers", 0.5, RatioBound.AtLeast(0.95), RatioBound.AtLeast(0.6)));

        var (exitCode, output) = await CheckAsync(directory.Path);

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("scaling, 4 workers: 0.500× (bound ≥ 0.6×)").And.Not.Contain("overhead:"));
    }

    [Test]
    public async Task A_broken_part_shows_its_whole_report_and_no_otherAsync()
    {
        using var directory = new TemporaryDirectory("bench-check");
        Write(directory, "overhead", new RatioRecord("overhead", 6.6, RatioBound.AtMost(1.5), RatioBound.AtMost(14)));
        File.WriteAllText(Path.Combine(directory.Path, "overhead.md"), "## Overhead\n| stamina | 1.3 s |\n");
        Write(directory, "big-repository", new RatioRecord("warm set-up / clone", 2.8, RatioBound.AtMost(0.2), RatioBound.AtMost(2)));
        File.WriteAllText(Path.Combine(directory.Path, "big-repository.md"), "## Big repository\n| warm | 3.4 s |\n");

        var (exitCode, output) = await CheckAsync(directory.Path);

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("    | warm | 3.4 s |").And.Not.Contain("| stamina | 1.3 s |"));
    }

    [Test]
    public async Task No_ratio_at_all_failsAsync()
    {
        using var directory = new TemporaryDirectory("bench-check");

        var (exitCode, output) = await CheckAsync(directory.Path);

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("no ratio was recorded"));
    }

    static void Write(TemporaryDirectory directory, string part, RatioRecord record) =>
        File.AppendAllText(Path.Combine(directory.Path, part + ".ratios.tsv"), record.ToLine() + "\n");

    static async Task<(int ExitCode, string Output)> CheckAsync(string directory)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Stamina.Testing.RepositoryRoot.Path, "scripts", "bench-check.sh"));
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + await error);
    }
}
