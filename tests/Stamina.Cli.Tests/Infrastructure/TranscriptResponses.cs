using System.Text;

namespace Stamina.Cli.Tests.Infrastructure;

/// <summary>Transcript answers shaped like the coordinator's: raw bytes and the three Stamina-Transcript-* headers.</summary>
static class TranscriptResponses
{
    public static string Path(string itemId, int attempt, long offset) => $"/api/items/{itemId}/attempts/{attempt}/transcript?offset={offset}";

    public static CannedResponse Chunk(byte[] bytes, long totalLength, bool complete, bool truncated = false) =>
        new(200, "", "application/x-ndjson", bytes, new Dictionary<string, string>
        {
            ["Stamina-Transcript-Length"] = totalLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Stamina-Transcript-Complete"] = complete ? "true" : "false",
            ["Stamina-Transcript-Truncated"] = truncated ? "true" : "false",
        });

    public static CannedResponse Chunk(string text, long totalLength, bool complete) => Chunk(Encoding.UTF8.GetBytes(text), totalLength, complete);
}
