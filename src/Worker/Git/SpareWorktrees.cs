namespace Stamina.Worker.Git;

/// <summary>
/// Finished attempts' worktrees kept under <c>{workDir}/worktrees/.spare/{id}</c> for the next item of the same
/// repository, which then rewrites only the files that differ instead of checking out the whole tree (see
/// <see cref="WorktreeManager"/>). Moving one in or out is a rename and one line in its admin folder, done under its
/// mirror's lock; at most <see cref="Capacity"/> stay, the oldest removed first.
/// </summary>
sealed class SpareWorktrees(string worktreesFolder, int capacity, TimeProvider clock)
{
    public const string FolderName = ".spare";

    public string Folder { get; } = Path.Combine(worktreesFolder, FolderName);

    public int Capacity { get; } = capacity >= 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Moves a finished attempt's worktree in. Call under its mirror's lock.</summary>
    public void Admit(string worktree, WorktreeLink link)
    {
        Directory.CreateDirectory(Folder);
        var spare = Path.Combine(Folder, $"{Guid.NewGuid():N}");
        Directory.Move(worktree, spare);
        link.PointAdminAt(spare);
        // The age that eviction goes by.
        Directory.SetLastWriteTimeUtc(spare, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Moves the newest sound spare of <paramref name="mirror"/> to <paramref name="path"/>, or answers null when there
    /// is none. Call under the mirror's lock.
    /// </summary>
    public WorktreeLink? TakeFor(string mirror, string path)
    {
        foreach (var spare in NewestFirst())
        {
            if (WorktreeLink.Sound(spare) is not { } link || link.Mirror != mirror)
                continue;
            Directory.Move(spare, path);
            link.PointAdminAt(path);
            return link;
        }
        return null;
    }

    /// <summary>Every spare, newest first.</summary>
    public IReadOnlyList<string> NewestFirst() =>
        Directory.Exists(Folder)
            ? [.. new DirectoryInfo(Folder).EnumerateDirectories().OrderByDescending(d => d.LastWriteTimeUtc).Select(d => d.FullName)]
            : [];

    /// <summary>The spares beyond <see cref="Capacity"/>, oldest last in the list of all: the ones to remove.</summary>
    public IReadOnlyList<string> Excess() => [.. NewestFirst().Skip(Capacity)];
}
