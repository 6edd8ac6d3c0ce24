using System.Text;

namespace Stamina.Cli.Render;

/// <summary>
/// Strips the trailing spaces Spectre pads table cells with, line by line, so redirected output is clean for
/// diff, grep and awk. Only used when stdout is not a terminal, where no escape codes can sit among the spaces.
/// </summary>
sealed class PlainTextWriter(TextWriter inner) : TextWriter
{
    readonly StringBuilder line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            inner.Write(line.ToString().TrimEnd(' ', '\r'));
            inner.Write(inner.NewLine);
            line.Clear();
        }
        else
        {
            line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
            Write(c);
    }

    public override void Flush()
    {
        if (line.Length > 0)
        {
            inner.Write(line.ToString().TrimEnd(' ', '\r'));
            line.Clear();
        }
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Flush();
        base.Dispose(disposing);
    }
}
