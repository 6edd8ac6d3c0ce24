using System.Globalization;
using NUnit.Framework;

namespace Stamina.Testing.Fuzzing;

/// <summary>
/// One seeded fuzz run: a seed (random unless <c>STAMINA_FUZZ_SEED</c> replays one) and a number of cases
/// (the test's small default unless <c>STAMINA_FUZZ_ITERATIONS</c> asks for a longer run). The same seed and
/// count give the same inputs, so a failure names both: <see cref="Replay"/>.
/// </summary>
public sealed class FuzzRun
{
    public const string SeedVariable = "STAMINA_FUZZ_SEED";
    public const string IterationsVariable = "STAMINA_FUZZ_ITERATIONS";

    FuzzRun(int seed, int iterations)
    {
        Seed = seed;
        Iterations = iterations;
        Random = new Random(seed);
    }

    public int Seed { get; }
    public int Iterations { get; }
    public Random Random { get; }

    /// <summary>What to set to see the same inputs again.</summary>
    public string Replay => $"{SeedVariable}={Seed} {IterationsVariable}={Iterations}";

    public static FuzzRun Start(int defaultIterations)
    {
        var seed = Read(SeedVariable) ?? System.Random.Shared.Next();
        var iterations = Read(IterationsVariable) ?? defaultIterations;
        var run = new FuzzRun(seed, iterations);
        TestContext.Progress.WriteLine($"fuzz: {run.Replay}");
        return run;
    }

    readonly List<string> failures = [];

    /// <summary>Records a failing case (the run goes on, so one run shows every kind of failure).</summary>
    public void Fail(int iteration, string problem, string input)
    {
        if (failures.Count < 20)
            failures.Add($"case {iteration}: {problem}\n  input: {Shorten(input)}");
    }

    /// <summary>Fails the test with every recorded case and how to replay them.</summary>
    public void AssertNoFailures()
    {
        if (failures.Count > 0)
            Assert.Fail($"fuzz found {failures.Count} failing case(s); replay with {Replay}\n" + string.Join('\n', failures));
    }

    public static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + $"... ({text.Length:N0} characters)";

    static int? Read(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
