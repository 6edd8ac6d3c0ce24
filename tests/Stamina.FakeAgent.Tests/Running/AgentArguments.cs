namespace Stamina.FakeAgent.Tests.Running;

/// <summary>The argv the worker gives each real CLI, to call the fake exactly as it will be called.</summary>
public static class AgentArguments
{
    public static string[] Claude(params string[] extra) =>
        ["-p", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits",
            "--allowedTools", "Read,Edit,Bash", "--append-system-prompt", "Be brief.", .. extra];

    public static string[] Codex(params string[] extra) =>
        ["exec", "--json", "-m", "gpt-5-codex", "-s", "workspace-write", "--skip-git-repo-check", .. extra, "-"];

    public static string[] CodexResume(string threadId, params string[] extra) =>
        ["exec", "resume", threadId, "--json", "--skip-git-repo-check", .. extra, "-"];

    public static string[] Gemini(params string[] extra) =>
        ["-p", "Follow the instructions on stdin.", "-o", "stream-json", "-m", "gemini-2.5-flash", "--yolo", .. extra];
}
