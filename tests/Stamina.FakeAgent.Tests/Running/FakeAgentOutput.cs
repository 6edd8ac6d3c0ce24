using System.Text;
using System.Text.Json.Nodes;

namespace Stamina.FakeAgent.Tests.Running;

/// <summary>What a finished fake agent wrote and how it ended.</summary>
public sealed class FakeAgentOutput(int exitCode, byte[] stdout, string stderr)
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public int ExitCode => exitCode;
    public byte[] Stdout => stdout;
    public string Stderr => stderr;

    /// <summary>stdout split on newlines, decoded leniently (invalid bytes become U+FFFD); no final empty line.</summary>
    public IReadOnlyList<string> Lines => SplitLines(stdout).Select(Encoding.UTF8.GetString).ToList();

    /// <summary>Every line as a JSON object; fails the test if any line is not valid UTF-8 JSON.</summary>
    public IReadOnlyList<JsonObject> Events => SplitLines(stdout).Select(ParseStrict).ToList();

    /// <summary>Only the lines that parse as JSON objects, for streams that are known to hold garbage.</summary>
    public IReadOnlyList<JsonObject> ParsableEvents => Lines.Select(TryParse).OfType<JsonObject>().ToList();

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Events.Where(message => (string?)message["type"] == type).ToList();

    public JsonObject Single(string type)
    {
        var found = OfType(type);
        Assert.That(found, Has.Count.EqualTo(1), $"exactly one '{type}' event in:\n{Encoding.UTF8.GetString(stdout)}");
        return found[0];
    }

    public override string ToString() => $"exit {exitCode}\nstdout:\n{Encoding.UTF8.GetString(stdout)}\nstderr:\n{stderr}";

    static JsonObject ParseStrict(byte[] line)
    {
        var text = StrictUtf8.GetString(line);
        return JsonNode.Parse(text) as JsonObject ?? throw new AssertionException($"not a JSON object: {text}");
    }

    static JsonObject? TryParse(string line)
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

    static IEnumerable<byte[]> SplitLines(byte[] bytes)
    {
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n')
                continue;
            yield return bytes[start..i];
            start = i + 1;
        }
        if (start < bytes.Length)
            yield return bytes[start..];
    }
}
