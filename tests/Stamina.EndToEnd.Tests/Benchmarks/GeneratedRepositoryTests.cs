using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Benchmarks;

/// <summary>The big-repository benchmark's generator: the files and commits asked for, the same ids every time.</summary>
public sealed class GeneratedRepositoryTests
{
    [Test]
    public async Task It_makes_the_files_and_commits_asked_for_with_the_same_ids_every_timeAsync()
    {
        using var directory = new TemporaryDirectory();
        var first = await GeneratedRepository.CreateAsync(Path.Combine(directory.Path, "a.git"), files: 250, commits: 3);
        var second = await GeneratedRepository.CreateAsync(Path.Combine(directory.Path, "b.git"), files: 250, commits: 3);
        var repository = new Stamina.Testing.GitRepository(Path.Combine(directory.Path, "a.git"));

        var files = repository.Git("ls-tree", "-r", "--name-only", "main").Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(files, Has.Length.EqualTo(250));
            Assert.That(files, Does.Contain(GeneratedRepository.FilePath(249)));
            Assert.That(repository.Git("rev-list", "--count", "main"), Is.EqualTo("3"));
            // Each later commit changes every hundredth file: 250 files give 3 of them at offset 1.
            Assert.That(repository.Git("diff", "--name-only", "main~2", "main~1").Split('\n'),
                Is.EqualTo(new[] { GeneratedRepository.FilePath(1), GeneratedRepository.FilePath(101), GeneratedRepository.FilePath(201) }));
        });
    }
}
