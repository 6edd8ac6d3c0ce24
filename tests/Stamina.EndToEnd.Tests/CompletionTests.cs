using System.Diagnostics;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests;

/// <summary>
/// <c>stamina completion bash|zsh|fish</c>: each script, loaded in the real shell with the built <c>stamina</c> on the
/// PATH, completes <c>stamina sub</c> to <c>submit</c> (through the [suggest] directive).
/// </summary>
[TestFixture]
public sealed class CompletionTests
{
    /// <summary>The built apphost's directory: the scripts call <c>stamina</c> by name, as after an install.</summary>
    static string PathWithStamina() =>
        Path.GetDirectoryName(RepositoryRoot.Program("Cli", "stamina"))! + ":" + Environment.GetEnvironmentVariable("PATH");

    static async Task<(int ExitCode, string Output, string Error)> ShellAsync(string shell, params string[] arguments)
    {
        var start = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PATH"] = PathWithStamina();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{shell} did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    static async Task<string> ScriptFileAsync(string shell, string directory)
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string>(), "completion", shell);
        Assert.That(run.ExitCode, Is.Zero, run.Error);
        var file = Path.Combine(directory, $"stamina.{shell}");
        await File.WriteAllTextAsync(file, run.Output);
        return file;
    }

    [TestCase("stamina sub", "sub", "submit")]
    [TestCase("stamina worker --po", "--po", "--pool")]
    [TestCase("stamina list --st", "--st", "--state")]
    [TestCase("stamina worker --a", "--a", "--account")]
    public async Task When_bash_completes_a_word_Should_offer_what_stamina_suggests(string line, string word, string expected)
    {
        var words = line.Split(' ');
        // As bash's programmable completion calls the function: the words, the current one, the line and the cursor.
        var script = $$"""
            source <(stamina completion bash)
            complete -p stamina
            COMP_WORDS=({{string.Join(' ', words.Select(w => $"'{w}'"))}}); COMP_CWORD={{words.Length - 1}}
            COMP_LINE='{{line}}'; COMP_POINT={{line.Length}}
            _stamina_complete
            printf 'reply:%s\n' "${COMPREPLY[@]}"
            """;

        var (exitCode, output, error) = await ShellAsync("bash", "--norc", "--noprofile", "-c", script);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Contain("complete -o default -F _stamina_complete stamina"), "registered for the stamina command");
        var replies = output.Split('\n').Where(l => l.StartsWith("reply:", StringComparison.Ordinal)).Select(l => l["reply:".Length..]).ToList();
        Assert.That(replies, Is.EqualTo(new[] { expected }), $"completing '{word}'");
    }

    [Test]
    public async Task When_zsh_loads_its_script_Should_parse_and_complete_sub_to_submit()
    {
        using var directory = new Stamina.Testing.TemporaryDirectory("completion");
        var file = await ScriptFileAsync("zsh", directory.Path);

        var syntax = await ShellAsync("zsh", "-n", file);
        Assert.That(syntax.ExitCode, Is.Zero, syntax.Error);

        // Outside an interactive shell there is no completion system: compdef and compadd stand in, and the function
        // gets what the system would give it (words, CURRENT).
        var (exitCode, output, error) = await ShellAsync("zsh", "-f", "-c", $$"""
            compdef() { print "compdef $*"; }
            compadd() { while (( $# )); do if [[ $1 == -a ]]; then shift; [[ $1 == -- ]] && shift; print -l -- "${(@P)1}"; fi; shift; done; }
            source '{{file}}'
            words=(stamina sub); CURRENT=2
            _stamina
            """);
        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "compdef _stamina stamina", "submit" }));
    }

    [Test]
    public async Task When_fish_loads_its_script_Should_parse_and_complete_sub_to_submit()
    {
        using var directory = new Stamina.Testing.TemporaryDirectory("completion");
        var file = await ScriptFileAsync("fish", directory.Path);

        var syntax = await ShellAsync("fish", "--no-config", "-n", file);
        Assert.That(syntax.ExitCode, Is.Zero, syntax.Error);

        // complete -C asks fish's own completion machinery what it would offer for a command line.
        var (exitCode, output, error) = await ShellAsync("fish", "--no-config", "-c", $"source '{file}'; complete -C 'stamina sub'");
        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "submit" }));
    }

    [TestCase("tcsh")]
    [TestCase("")]
    public async Task When_the_shell_is_not_one_it_knows_Should_name_it_and_exit_2(string shell)
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string>(), "completion", shell);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.Output + run.Error);
        Assert.That(run.Output, Is.Empty, "nothing half-written to stdout");
        Assert.That(run.Error, Does.Contain($"'{shell}'").And.Contain("bash"));
    }
}
