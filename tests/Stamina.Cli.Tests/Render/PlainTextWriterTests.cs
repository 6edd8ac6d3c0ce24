using Stamina.Cli.Render;

namespace Stamina.Cli.Tests.Render;

public class PlainTextWriterTests
{
    [Test]
    public void When_lines_end_in_padding_Should_drop_it_and_keep_the_last_partial_line()
    {
        using var inner = new StringWriter { NewLine = "\n" };
        using (var writer = new PlainTextWriter(inner))
        {
            writer.Write("ID   STATE   \n");
            writer.Write("a    Running \r\n");
            writer.Write("tail  ");
        }

        Assert.That(inner.ToString(), Is.EqualTo("ID   STATE\na    Running\ntail"));
    }
}
