using System.Diagnostics;

namespace Stamina.Testing;

/// <summary>A real git repository on disk for items to work on, and git queries for assertions.</summary>
public sealed class GitRepository(string path)
{
    public string Path { get; } = path;

    public static GitRepository CreateWithOneCommit(string path)
    {
        Directory.CreateDirectory(path);
        var repository = new GitRepository(path);
        repository.Git("init", "--quiet", "--initial-branch=main");
        File.WriteAllText(System.IO.Path.Combine(path, "README.md"), "# sample\n");
        repository.Git("add", "README.md");
        repository.Git("-c", "user.name=Test", "-c", "user.email=test@localhost", "commit", "--quiet", "-m", "initial");
        return repository;
    }

    public string Head(string reference = "main") => Git("rev-parse", reference);

    public bool HasBranch(string branch) => Git("branch", "--list", branch).Length > 0;

    public IReadOnlyList<string> Branches(string pattern) =>
        Git("branch", "--list", "--format=%(refname:short)", pattern).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string Show(string reference, string file) => Git("show", $"{reference}:{file}");

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        return output.Trim();
    }
}
