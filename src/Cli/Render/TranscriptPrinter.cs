using System.Text;
using System.Text.Json;

namespace Stamina.Cli.Render;

/// <summary>
/// Turns a transcript, fed in chunks that may split a line (or a UTF-8 character), into readable one-line
/// summaries. A line that is not a JSON event (stderr the worker kept, a cut line) is printed as it is.
/// </summary>
sealed class TranscriptPrinter(TextWriter output)
{
    readonly List<byte> partial = [];

    public void Write(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                WriteLine([.. partial]);
                partial.Clear();
            }
            else
            {
                partial.Add(b);
            }
        }
    }

    /// <summary>The last line, when the transcript does not end with a newline.</summary>
    public void Finish()
    {
        if (partial.Count > 0)
            WriteLine([.. partial]);
        partial.Clear();
        output.Flush();
    }

    void WriteLine(byte[] line)
    {
        if (line.AsSpan().Trim((byte)'\r').IsEmpty)
            return;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new JsonException("not an event");
            foreach (var summary in AgentEventSummary.Summarize(document.RootElement))
                output.WriteLine(summary);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not an event, or one escaping a lone surrogate (which System.Text.Json refuses to read): shown as it is.
            output.WriteLine(Encoding.UTF8.GetString(line).TrimEnd('\r'));
        }
    }
}
