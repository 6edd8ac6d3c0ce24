namespace Stamina.FakeAgent.Runs;

/// <summary>FAKE_AGENT.md in the working directory: the fake's real edits, one line each.</summary>
sealed class WorkLog(string workingDirectory)
{
    public const string FileName = "FAKE_AGENT.md";

    public void Append(string line) => File.AppendAllText(Path.Combine(workingDirectory, FileName), line + "\n");
}
