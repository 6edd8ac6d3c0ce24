using Stamina.Coordinator.Transcripts;

namespace Stamina.Coordinator.Api;

public static class TranscriptEndpoints
{
    /// <summary>After this long past the attempt's end, a transcript without its final chunk is complete anyway (its worker died).</summary>
    static readonly TimeSpan LateChunkGrace = TimeSpan.FromSeconds(30);

    public static IEndpointRouteBuilder MapTranscriptEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/items/{id}/attempts/{attempt}/transcript", GetAsync);
        return routes;
    }

    static async Task<IResult> GetAsync(string id, string attempt, string? offset, HttpResponse response, TranscriptStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var itemId))
            return Problems.Invalid("id", "not an item id (a UUID)");
        if (!int.TryParse(attempt, out var number) || number < 1)
            return Problems.Invalid("attempt", "an attempt number is a whole number from 1");
        long from = 0;
        if (offset is not null && (!long.TryParse(offset, out from) || from < 0))
            return Problems.Invalid("offset", "a byte offset is a whole number from 0");
        var slice = await store.ReadAsync(itemId, number, from, cancellationToken);
        if (slice is null)
            return Problems.NotFound($"item {itemId} has no attempt {number}");
        var complete = slice.Complete || (slice.AttemptEndedAt is { } ended && clock.GetUtcNow() - ended > LateChunkGrace);
        response.Headers["Stamina-Transcript-Length"] = slice.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["Stamina-Transcript-Complete"] = complete ? "true" : "false";
        response.Headers["Stamina-Transcript-Truncated"] = slice.Truncated ? "true" : "false";
        return Results.Bytes(slice.Data, "application/x-ndjson");
    }
}
