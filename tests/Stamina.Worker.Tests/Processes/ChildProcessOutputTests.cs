using Stamina.Worker.Processes;

namespace Stamina.Worker.Tests.Processes;

[TestFixture]
public sealed class ChildProcessOutputTests
{
    static readonly string Here = Path.GetTempPath();

    [Test]
    public async Task Should_keep_only_the_tail_of_a_huge_output_and_see_every_line()
    {
        var lines = 0;
        var last = "";
        var options = new ChildProcessOptions
        {
            Command = ["sh", "-c", "seq 1 2000000"],
            WorkingDirectory = Here,
            TailBytes = 1024,
            OnOutputLine = line =>
            {
                lines++;
                last = line;
            },
        };

        var result = await ChildProcessRunner.RunAsync(options, TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(lines, Is.EqualTo(2_000_000));
            Assert.That(last, Is.EqualTo("2000000"));
            Assert.That(result.StandardOutputBytes, Is.EqualTo(14_888_896));
            Assert.That(result.StandardOutputTail, Has.Length.EqualTo(1024));
            Assert.That(result.StandardOutputTail, Does.EndWith("\n1999999\n2000000\n"));
        });
    }

    [Test]
    public async Task Should_cut_an_endless_line()
    {
        var lengths = new List<int>();
        var options = new ChildProcessOptions
        {
            Command = ["sh", "-c", "head -c 50000000 /dev/zero | tr '\\0' a; printf '\\nshort\\n'"],
            WorkingDirectory = Here,
            TailBytes = 4096,
            MaxLineBytes = 65536,
            OnOutputLine = line => lengths.Add(line.Length),
        };

        var result = await ChildProcessRunner.RunAsync(options, TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(lengths, Is.EqualTo(new[] { 65536, 5 }));
            Assert.That(result.StandardOutputBytes, Is.EqualTo(50_000_007));
            Assert.That(result.StandardOutputTail, Has.Length.EqualTo(4096).And.EndWith("aaa\nshort\n"));
        });
    }

    [Test]
    public async Task Should_not_start_a_tail_inside_a_character()
    {
        // "é" is two bytes: a 3-byte tail of "éé" must show one whole "é", not half of one.
        var options = new ChildProcessOptions { Command = ["printf", "ééé"], WorkingDirectory = Here, TailBytes = 3 };

        var result = await ChildProcessRunner.RunAsync(options, null, CancellationToken.None);

        Assert.That(result.StandardOutputTail, Is.EqualTo("é"));
    }

    [Test]
    public async Task Should_keep_draining_when_a_line_callback_throws()
    {
        var options = new ChildProcessOptions
        {
            Command = ["sh", "-c", "seq 1 200000; echo done >&2"],
            WorkingDirectory = Here,
            OnOutputLine = _ => throw new InvalidOperationException("parser bug"),
        };

        var result = await ChildProcessRunner.RunAsync(options, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.LineCallbackError, Is.InstanceOf<InvalidOperationException>());
            Assert.That(result.StandardErrorTail, Is.EqualTo("done\n"));
        });
    }

    [Test]
    public async Task Should_split_lines_on_both_streams_and_drop_carriage_returns()
    {
        var output = new List<string>();
        var errors = new List<string>();
        var options = new ChildProcessOptions
        {
            Command = ["sh", "-c", "printf 'a\\r\\nb\\n\\nc'; printf 'e1\\ne2\\n' >&2"],
            WorkingDirectory = Here,
            OnOutputLine = output.Add,
            OnErrorLine = errors.Add,
        };

        await ChildProcessRunner.RunAsync(options, null, CancellationToken.None);

        Assert.That(output, Is.EqualTo(new[] { "a", "b", "", "c" }));
        Assert.That(errors, Is.EqualTo(new[] { "e1", "e2" }));
    }
}
