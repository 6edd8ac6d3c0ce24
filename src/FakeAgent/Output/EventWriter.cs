using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stamina.FakeAgent.Output;

/// <summary>
/// Writes the event stream to stdout one line at a time, flushed at once, so that a reader sees each event
/// as it happens. Non-ASCII text goes out as raw UTF-8, as the real CLIs write it.
/// </summary>
sealed class EventWriter(Stream output)
{
    static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Emit(JsonObject message) => Line(message.ToJsonString(Options));

    public void Line(string text) => Raw(Encoding.UTF8.GetBytes(text + "\n"));

    /// <summary>Bytes exactly as given: no newline added, no encoding checked.</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        output.Flush();
    }
}
