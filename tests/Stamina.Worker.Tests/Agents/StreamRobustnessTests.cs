using System.Text;
using Stamina.Worker.Agents;

namespace Stamina.Worker.Tests.Agents;

/// <summary>Whatever a CLI prints, reading and classifying never throw and progress stays sane.</summary>
[TestFixture]
public sealed class StreamRobustnessTests
{
    static readonly string[] Files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Agents", "Streams"), "*.jsonl", SearchOption.AllDirectories)
        .Select(path => Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "Agents", "Streams"), path)).Order().ToArray();

    static readonly AgentExit[] Exits =
    [
        StreamFiles.Exit(0),
        StreamFiles.Exit(1, "error"),
        StreamFiles.Exit(137),
        new AgentExit { ExitCode = 143, KilledByUs = true },
    ];

    [Test]
    public void Should_have_stream_files_to_cut()
    {
        Assert.That(Files, Has.Length.GreaterThanOrEqualTo(10));
    }

    [Test]
    public void When_a_result_escapes_a_lone_surrogate_Should_still_read_the_result()
    {
        // JavaScript's slice cuts UTF-16 pairs, and JSON.stringify then escapes the half it kept.
        var stream = AgentHarnesses.Find("claude")!.CreateStream(StreamFiles.Clock());
        stream.Observe("""{"type":"assistant","message":{"id":"m1","content":[{"type":"tool_use","id":"t1","name":"Bash\udc00"}]}}""");
        stream.Observe("""{"type":"result","subtype":"success","is_error":false,"result":"done \u0000 \ud83d","session_id":"s"}""");

        var ending = stream.Classify(StreamFiles.Exit(0));

        Assert.That(ending.Kind, Is.EqualTo(AgentEndingKind.Succeeded), ending.Message);
        Assert.That(stream.FinalText, Is.EqualTo("done \0 \ud83d"));
        Assert.That(stream.Progress.LastTool, Is.EqualTo("Bash\udc00"));
    }

    [Test]
    public void When_an_error_escapes_a_lone_surrogate_Should_still_report_it()
    {
        var stream = AgentHarnesses.Find("claude")!.CreateStream(StreamFiles.Clock());
        stream.Observe("""{"type":"result","subtype":"error_during_execution","is_error":true,"errors":["disk full \ud83d"],"session_id":"s"}""");

        var ending = stream.Classify(StreamFiles.Exit(1, "error"));

        Assert.That(ending.Kind, Is.Not.EqualTo(AgentEndingKind.Succeeded));
        Assert.That(ending.Message, Does.Contain("disk full"));
    }

    [TestCaseSource(nameof(Files))]
    public void Should_survive_every_prefix_cut_of_a_recorded_stream(string file)
    {
        var text = File.ReadAllText(Path.Combine(StreamFiles.Directory, file));
        for (var cut = 0; cut <= text.Length; cut++)
        {
            foreach (var harness in AgentHarnesses.All)
            {
                var stream = harness.CreateStream(StreamFiles.Clock());
                foreach (var line in text[..cut].Split('\n'))
                {
                    stream.Observe(line);
                }
                AssertSane(stream, $"{harness.Name} on {file} cut at {cut}");
            }
        }
    }

    [Test]
    public void Should_survive_random_bytes_and_mutated_events()
    {
        var random = new Random(20261125);
        var corpus = Files.SelectMany(StreamFiles.Lines).Where(line => line.Length > 0).ToArray();
        for (var round = 0; round < 300; round++)
        {
            foreach (var harness in AgentHarnesses.All)
            {
                var stream = harness.CreateStream(StreamFiles.Clock());
                for (var i = 0; i < 20; i++)
                {
                    stream.Observe(random.Next(3) switch
                    {
                        0 => RandomBytes(random),
                        1 => Mutate(corpus[random.Next(corpus.Length)], random),
                        _ => corpus[random.Next(corpus.Length)],
                    });
                }
                AssertSane(stream, $"{harness.Name} round {round}");
            }
        }
    }

    [Test]
    public void Should_survive_deeply_nested_and_huge_lines()
    {
        foreach (var harness in AgentHarnesses.All)
        {
            var stream = harness.CreateStream(StreamFiles.Clock());
            stream.Observe(new string('[', 100_000));
            stream.Observe("{\"type\":\"result\",\"result\":" + new string('[', 5000) + "}");
            stream.Observe("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"" + new string('x', 2_000_000) + "\"}]}}");
            stream.Observe("{\"type\":\"error\",\"message\":\"" + string.Concat(Enumerable.Repeat("resets in 1 d", 50_000)) + "\"}");
            AssertSane(stream, harness.Name);
        }
    }

    static void AssertSane(IAgentStream stream, string what)
    {
        var progress = stream.Progress;
        Assert.That(progress.Turns >= 0 && progress.ToolUses >= 0 && progress.InputTokens >= 0 && progress.OutputTokens >= 0, Is.True, what);
        foreach (var exit in Exits)
        {
            var ending = stream.Classify(exit);
            Assert.That(ending.Message.Length, Is.LessThanOrEqualTo(EndingTextLimit), what);
            Assert.That(Enum.IsDefined(ending.Kind), Is.True, what);
        }
    }

    const int EndingTextLimit = 2000;
    const string MutationChars = "{}[]\",:\\0a\uFFFD";

    static string RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    static string Mutate(string line, Random random)
    {
        var chars = line.ToCharArray();
        for (var i = 0; i < 1 + random.Next(4) && chars.Length > 0; i++)
        {
            chars[random.Next(chars.Length)] = MutationChars[random.Next(MutationChars.Length)];
        }
        return new string(chars, 0, random.Next(chars.Length + 1));
    }
}
