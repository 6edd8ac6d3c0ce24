using Stamina.Cli.Render;

namespace Stamina.Cli.Tests.Render;

public class ArgvTextTests
{
    [Test]
    public void When_arguments_need_quoting_Should_quote_them_as_a_posix_shell_reads_them() =>
        Assert.That(ArgvText.Join(["sh", "-c", "make test", "it's", "", "--x=1"]),
            Is.EqualTo("sh -c 'make test' 'it'\\''s' '' --x=1"));
}
