using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>Making and reading batches through the API in tests.</summary>
static class BatchApi
{
    public static async Task<JsonElement> CreateBatchAsync(this Fleet fleet, object body)
    {
        var response = await fleet.Api.PostAsJsonAsync("/api/batches", body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST /api/batches answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> BatchAsync(this Fleet fleet, Guid id) =>
        JsonDocument.Parse(await fleet.Api.GetStringAsync($"/api/batches/{id}")).RootElement.Clone();

    /// <summary>The batch's item ids by task key.</summary>
    public static IReadOnlyDictionary<string, Guid> ItemIds(this JsonElement batch) =>
        batch.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!, i => i.Id());

    public static async Task<JsonElement> WaitForBatchEndAsync(this Fleet fleet, Guid id, TimeSpan timeout)
    {
        JsonElement batch = default;
        await Stamina.Testing.Eventually.UntilAsync(async () =>
        {
            batch = await fleet.BatchAsync(id);
            return batch.Text("summary") is not null;
        }, timeout, $"batch {id} to end");
        return batch;
    }
}
