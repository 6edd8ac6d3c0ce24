using Stamina.Testing;

namespace Stamina.FakeAgent.Tests.Running;

/// <summary>A fresh working directory per test, and what the fake left in it.</summary>
public abstract class WorkspaceTest
{
    TemporaryDirectory? workspace;

    protected string Workspace => workspace?.Path ?? throw new InvalidOperationException("no workspace outside a test");

    protected string WorkLogPath => Path.Combine(Workspace, "FAKE_AGENT.md");

    /// <summary>The lines of FAKE_AGENT.md, or none when the fake did not create it.</summary>
    protected IReadOnlyList<string> WorkLog() =>
        File.Exists(WorkLogPath) ? File.ReadAllLines(WorkLogPath) : [];

    [SetUp]
    public void CreateWorkspace() => workspace = new TemporaryDirectory("fake-agent");

    [TearDown]
    public void DeleteWorkspace() => workspace?.Dispose();

    protected Task<FakeAgentOutput> RunAsync(
        string[] arguments, string prompt, IReadOnlyDictionary<string, string>? environment = null) =>
        FakeAgentProcess.RunAsync(arguments, prompt, Workspace, environment);

    protected static Dictionary<string, string> Attempt(int attempt) => new() { ["STAMINA_ATTEMPT"] = $"{attempt}" };
}
