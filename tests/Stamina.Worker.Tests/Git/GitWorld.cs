using Stamina.ServiceDefaults.Validation;
using Stamina.Worker.Git;
using Stamina.Worker.Tests.Processes;

namespace Stamina.Worker.Tests.Git;

/// <summary>A scratch directory holding a source repository and a worker's work directory.</summary>
sealed class GitWorld : IDisposable
{
    readonly ScratchDirectory scratch;

    GitWorld(ScratchDirectory scratch, SourceRepository source)
    {
        this.scratch = scratch;
        Source = source;
    }

    public SourceRepository Source { get; }

    public string WorkDir => scratch.Combine("work");

    public GitCommand Git { get; } = new(timeout: TimeSpan.FromMinutes(2));

    public MirrorCache Mirrors => new(WorkDir, Git);

    public WorktreeManager Worktrees => new(WorkDir, Git);

    public WorktreeChanges Changes => new(Git);

    public RepositoryAddress Address => Parse(Source.Path);

    public string Combine(params string[] parts) => scratch.Combine(parts);

    public static async Task<GitWorld> CreateAsync()
    {
        var scratch = new ScratchDirectory();
        return new GitWorld(scratch, await SourceRepository.CreateAsync(scratch.Combine("source")));
    }

    public RepositoryAddress Parse(string path) =>
        RepositoryAddress.TryParse(path, [scratch.Path], out var address, out var error)
            ? address
            : throw new InvalidOperationException(error);

    public void Dispose() => scratch.Dispose();
}
