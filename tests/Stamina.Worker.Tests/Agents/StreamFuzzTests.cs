using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Stamina.Testing.Fuzzing;
using Stamina.Worker.Agents;

namespace Stamina.Worker.Tests.Agents;

/// <summary>
/// A seeded fuzz of the three stream dialects: recorded events with fields flipped, replaced, made huge or
/// odd, then damaged as bytes. Reading never throws, never hangs, and megabyte lines leave no megabytes behind.
/// Replay with the seed printed; run longer with <c>STAMINA_FUZZ_ITERATIONS</c>.
/// </summary>
[TestFixture]
public sealed class StreamFuzzTests
{
    static readonly string[] Corpus = [.. Directory.GetFiles(StreamFiles.Directory, "*.jsonl", SearchOption.AllDirectories)
        .Order().SelectMany(File.ReadAllLines).Where(line => line.StartsWith('{'))];

    [Test]
    public void When_events_are_mutated_Should_never_throw_nor_take_long()
    {
        var run = FuzzRun.Start(defaultIterations: 300);
        var mutator = new JsonMutator(run.Random);
        var streams = AgentHarnesses.All.Select(h => h.CreateStream(StreamFiles.Clock())).ToArray();
        for (var i = 0; i < run.Iterations; i++)
        {
            var line = run.Random.Pick(Corpus);
            var mutated = Parse(line) is { } valid ? Encoding.UTF8.GetString(mutator.Mutate(valid)) : line;
            foreach (var stream in streams)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    stream.Observe(mutated);
                    _ = stream.Progress;
                    _ = stream.Classify(StreamFiles.Exit(run.Random.Next(3) == 0 ? 0 : 1, "error"));
                }
                catch (Exception exception)
                {
                    run.Fail(i, $"{stream.GetType().Name} threw {exception.GetType().Name}: {exception.Message}", mutated);
                }
                // Generous for a 17 MB line on a busy 2-core machine; a loop that hangs takes far longer.
                if (watch.Elapsed > TimeSpan.FromSeconds(5))
                    run.Fail(i, $"{stream.GetType().Name} took {watch.Elapsed}", mutated);
            }
            if (i % 50 == 0)
                streams = [.. AgentHarnesses.All.Select(h => h.CreateStream(StreamFiles.Clock()))];
        }
        run.AssertNoFailures();
    }

    /// <summary>Recorded streams hold cut lines too; those go in as they are.</summary>
    static JsonObject? Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>One event of about a megabyte, of one of the harnesses' kinds; made in a method of its own so that no local keeps it.</summary>
    static string BigLine(FuzzRun run, int i)
    {
        var text = run.Random.RandomText(run.Random.Next(1, 64)).Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal);
        var big = new string('y', 1_000_000 + run.Random.Next(1000)) + text;
        return run.Random.Next(4) switch
        {
            0 => $"{{\"type\":\"assistant\",\"message\":{{\"id\":\"m{i}\",\"content\":[{{\"type\":\"text\",\"text\":\"{big}\"}}]}}}}",
            1 => $"{{\"type\":\"result\",\"subtype\":\"error\",\"result\":\"{big}\",\"is_error\":true}}",
            2 => $"{{\"type\":\"item.completed\",\"item\":{{\"type\":\"agent_message\",\"text\":\"{big}\"}}}}",
            _ => $"{{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"{big}\",\"delta\":true}}",
        };
    }

    [Test]
    public void When_lines_are_megabytes_long_Should_keep_no_more_than_a_bounded_amount()
    {
        var run = FuzzRun.Start(defaultIterations: 40);
        foreach (var harness in AgentHarnesses.All)
        {
            var stream = harness.CreateStream(StreamFiles.Clock());
            stream.Observe(Corpus[0]);
            // Measured after a quarter of the lines: pools and caches have grown by then; what follows must not grow.
            var before = 0L;
            var lines = new List<WeakReference<string>>();
            for (var i = 0; i < run.Iterations; i++)
            {
                if (i == run.Iterations / 4)
                    before = GC.GetTotalMemory(forceFullCollection: true);
                var line = BigLine(run, i);
                lines.Add(new WeakReference<string>(line));
                stream.Observe(line);
            }
            _ = stream.Classify(StreamFiles.Exit(1, "error"));
            var kept = GC.GetTotalMemory(forceFullCollection: true) - before;
            GC.KeepAlive(stream);
            // The lines themselves: exact, whatever else the process does meanwhile. The last may still sit in this
            // method's local (a Debug build keeps locals alive to the end).
            Assert.That(lines.SkipLast(1).Select((line, index) => line.TryGetTarget(out _) ? index : -1).Where(index => index >= 0), Is.Empty,
                $"{harness.Name} holds on to whole lines ({run.Replay})");
            // Copies of them: the heap is the whole process's (a test before may leave a timer or a bus allocating), so
            // the bound leaves room for that; keeping even half of each line would add over 40 MB.
            Assert.That(kept, Is.LessThan(24 * 1024 * 1024), $"{harness.Name} grew by {kept:N0} bytes over {run.Iterations * 3 / 4} lines of 1 MB ({run.Replay})");
        }
    }
}
