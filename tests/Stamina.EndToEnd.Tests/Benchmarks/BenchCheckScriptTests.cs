using System.Diagnostics;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>scripts/bench-check.sh reads the lines <see cref="RatioRecord"/> writes and fails on a broken bound.</summary>
public sealed class BenchCheckScriptTests
{
    [Test]
    public void Ratios_within_their_bounds_pass()
    {
        using var directory = new TemporaryDirectory("bench-check");
        Write(directory, "overhead", new RatioRecord("overhead", 6.6, RatioBound.AtMost(1.5), RatioBound.AtMost(14)));
        Write(directory, "scaling", new RatioRecord("scaling, 4 workers", 0.8, RatioBound.AtLeast(0.95), RatioBound.AtLeast(0.6)));

        var (exitCode, output) = Check(directory.Path);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("2 ratios, every one within its bound"));
    }

    [Test]
    public void A_ratio_past_its_bound_fails_and_is_named()
    {
        using var directory = new TemporaryDirectory("bench-check");
        Write(directory, "overhead", new RatioRecord("overhead", 6.6, RatioBound.AtMost(1.5), RatioBound.AtMost(14)));
        Write(directory, "scaling", new RatioRecord("scaling, 4 workers", 0.5, RatioBound.AtLeast(0.95), RatioBound.AtLeast(0.6)));

        var (exitCode, output) = Check(directory.Path);

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("scaling, 4 workers: 0.500× (bound ≥ 0.6×)").And.Not.Contain("overhead:"));
    }

    [Test]
    public void No_ratio_at_all_fails()
    {
        using var directory = new TemporaryDirectory("bench-check");

        var (exitCode, output) = Check(directory.Path);

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("no ratio was recorded"));
    }

    static void Write(TemporaryDirectory directory, string part, RatioRecord record) =>
        File.AppendAllText(Path.Combine(directory.Path, part + ".ratios.tsv"), record.ToLine() + "\n");

    static (int ExitCode, string Output) Check(string directory)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Infrastructure.RepositoryRoot.Path, "scripts", "bench-check.sh"));
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
