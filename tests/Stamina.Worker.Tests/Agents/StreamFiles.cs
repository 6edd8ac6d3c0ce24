using Microsoft.Extensions.Time.Testing;
using Stamina.Worker.Agents;

namespace Stamina.Worker.Tests.Agents;

/// <summary>The hand-written event streams under Agents/Streams, and a clock fixed in time.</summary>
static class StreamFiles
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 23, 40, 0, TimeSpan.Zero);

    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Agents", "Streams");

    public static FakeTimeProvider Clock() => new(Now);

    /// <summary>The file's lines as the worker would decode them: invalid UTF-8 becomes U+FFFD.</summary>
    public static string[] Lines(string name) => File.ReadAllLines(Path.Combine(Directory, name));

    public static T Feed<T>(T stream, string name)
        where T : IAgentStream
    {
        foreach (var line in Lines(name))
        {
            stream.Observe(line);
        }
        return stream;
    }

    public static AgentExit Exit(int code, string stderr = "") => new() { ExitCode = code, StandardErrorTail = stderr };
}
