using Stamina.Worker.Processes;

namespace Stamina.Worker.Tests.Git;

/// <summary>A user's repository for the tests, driven with the plain git CLI.</summary>
sealed class SourceRepository(string path)
{
    public string Path { get; } = path;

    public static async Task<SourceRepository> CreateAsync(string path)
    {
        Directory.CreateDirectory(path);
        var repository = new SourceRepository(path);
        await repository.GitAsync("init", "--quiet", "--initial-branch=main");
        await repository.GitAsync("config", "user.name", "Source Author");
        await repository.GitAsync("config", "user.email", "source@example.com");
        return repository;
    }

    public async Task<string> CommitAsync(string file, string content, string message = "change")
    {
        var full = System.IO.Path.Combine(Path, file);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, content);
        await GitAsync("add", "--all");
        await GitAsync("commit", "--quiet", "-m", message);
        return await GitAsync("rev-parse", "HEAD");
    }

    public async Task<string> GitAsync(params string[] arguments)
    {
        var result = await ChildProcessRunner.RunAsync(["git", .. arguments], Path, timeout: TimeSpan.FromMinutes(1));
        if (!result.Succeeded)
            Assert.Fail($"git {string.Join(' ', arguments)} failed: {result.StandardErrorTail}");
        return result.StandardOutputTail.Trim();
    }
}
