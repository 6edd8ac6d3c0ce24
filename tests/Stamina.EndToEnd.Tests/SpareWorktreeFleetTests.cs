using Stamina.EndToEnd.Tests.Infrastructure;
using Stamina.Testing;
using Stamina.Worker.Git;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// Items of one repository on one worker, one after another: each runs in the worktree the last one left, reset, and
/// sees only its own base, whatever the last agent did there.
/// </summary>
[TestFixture]
public sealed class SpareWorktreeFleetTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 1 };

    [Test]
    public async Task When_items_follow_each_other_on_a_worker_Should_reuse_the_worktree_and_show_the_next_only_its_base()
    {
        File.WriteAllText(Path.Combine(fleet.Repository.Path, ".gitignore"), "build/\n");
        fleet.Repository.Git("add", ".gitignore");
        fleet.Repository.Git("-c", "user.name=Test", "-c", "user.email=test@localhost", "commit", "--quiet", "-m", "ignore build output");
        var spares = Path.Combine(fleet.Root, "workers", fleet.Workers.Single().Name, "worktrees", WorktreeManager.SpareFolderName);

        // The last agent: a hidden change (assume-unchanged), an untracked file (committed to its branch by the
        // worker), ignored build output, a nested repository and a merge in progress.
        var messy = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[]
            {
                "sh", "-c",
                "git update-index --assume-unchanged README.md && echo hidden >> README.md && echo junk > untracked.txt"
                + " && mkdir -p build nested && echo out > build/out.bin && git -C nested init --quiet"
                + " && git -C nested -c user.name=Agent -c user.email=agent@localhost commit --quiet --allow-empty -m nested"
                + " && git rev-parse HEAD > \"$(git rev-parse --git-dir)/MERGE_HEAD\"",
            },
        })).Id();
        await fleet.WaitForStateAsync(messy, "Succeeded", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => Task.FromResult(Directory.Exists(spares) && Directory.GetDirectories(spares).Length == 1),
            TimeSpan.FromSeconds(30), "the finished worktree to be kept as a spare");
        var spare = Directory.GetDirectories(spares).Single();

        var next = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            command = new[]
            {
                "sh", "-c",
                "seen=$(find . -path ./.git -prune -o -print | sort; echo ---; git status --porcelain --ignored --untracked-files=all;"
                + " echo ---; cat README.md; echo ---; ls \"$(git rev-parse --git-dir)\" | sort | tr '\\n' ' ');"
                + " printf '%s\\n' \"$seen\" > seen.txt",
            },
        })).Id();
        var item = await fleet.WaitForStateAsync(next, "Succeeded", TimeSpan.FromSeconds(60));

        var seen = fleet.Repository.Show(item.Result().GetProperty("branch").GetString()!, "seen.txt").Split("---\n");
        Assert.Multiple(() =>
        {
            Assert.That(seen[0], Is.EqualTo(".\n./.gitignore\n./README.md\n"), "only the base's files");
            Assert.That(seen[1], Is.Empty, "git sees nothing changed, untracked or ignored");
            Assert.That(seen[2], Is.EqualTo("# sample\n"), "the hidden change is gone");
            Assert.That(seen[3], Does.Not.Contain("MERGE_HEAD"));
        });
        await Eventually.UntilAsync(() => Task.FromResult(Directory.Exists(spares) && Directory.GetDirectories(spares).Length == 1 && !Directory.Exists(spare)),
            TimeSpan.FromSeconds(30), "the second item to have taken the spare, and left its own");
    }
}
