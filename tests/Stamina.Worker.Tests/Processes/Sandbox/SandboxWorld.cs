using Stamina.Worker.Processes;
using Stamina.Worker.Processes.Sandbox;

namespace Stamina.Worker.Tests.Processes.Sandbox;

/// <summary>
/// A worker's world on disk, as the worker lays it out: a work directory with a bare mirror and a linked worktree of
/// it on an attempt's branch, beside the worker's secrets (an environment file, a <c>stamina.yml</c>), each holding
/// <see cref="Secret"/>.
/// </summary>
sealed class SandboxWorld : IDisposable
{
    readonly ScratchDirectory scratch = new();

    SandboxWorld()
    {
        Secret = "secret-" + Guid.NewGuid().ToString("N");
        WorkDir = scratch.Combine("work");
        Mirror = Path.Combine(WorkDir, "mirrors", "m.git");
        Worktree = Path.Combine(WorkDir, "worktrees", "attempt");
        EnvironmentFile = scratch.Combine("services.env");
        ConfigFile = scratch.Combine("stamina.yml");
        File.WriteAllText(EnvironmentFile, $"ConnectionStrings__RabbitMq=amqp://admin:{Secret}@localhost/\n");
        File.WriteAllText(ConfigFile, $"Stamina:\n  ApiKey: {Secret}\n");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(WorkDir, "worktrees", "other")).FullName, "theirs.txt"), Secret);
    }

    public string Secret { get; }

    public string WorkDir { get; }

    public string Mirror { get; }

    public string Worktree { get; }

    public string EnvironmentFile { get; }

    public string ConfigFile { get; }

    public string MirrorConfig => Path.Combine(Mirror, "config");

    public static async Task<SandboxWorld> CreateAsync()
    {
        var world = new SandboxWorld();
        var seed = world.scratch.Combine("seed");
        Directory.CreateDirectory(seed);
        await Git(seed, "init", "-q", "-b", "main");
        await Git(seed, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "first");
        await Git(world.scratch.Path, "clone", "-q", "--bare", seed, world.Mirror);
        await Git(world.Mirror, "worktree", "add", "-q", "-b", "stamina/attempt", world.Worktree, "main");
        return world;
    }

    public CommandSandbox Sandbox(bool hostNetwork = false, ResourceLimits? limits = null) => new()
    {
        Worktree = Worktree,
        EmptyFile = BubblewrapCommand.CreateEmptyFile(Path.Combine(WorkDir, "sandbox")),
        PassedVariables = ["PATH"],
        HostNetwork = hostNetwork,
        Limits = limits,
    };

    public static async Task<string> Git(string directory, params string[] arguments)
    {
        var result = await ChildProcessRunner.RunAsync(["git", .. arguments], directory, timeout: TimeSpan.FromSeconds(30));
        if (!result.Succeeded)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {result.StandardErrorTail}");
        return result.StandardOutputTail;
    }

    public void Dispose() => scratch.Dispose();
}
