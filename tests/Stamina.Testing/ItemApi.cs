using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Stamina.Testing;

/// <summary>The item and worker calls of a coordinator's HTTP API that tests make, on a client that carries the key.</summary>
public sealed class ItemApi(HttpClient api)
{
    /// <summary>Submits an item; anything but 201 Created throws with the answer.</summary>
    public async Task<JsonElement> SubmitAsync(object body)
    {
        using var response = await api.PostAsJsonAsync("/api/items", body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> ItemAsync(Guid id) =>
        JsonDocument.Parse(await api.GetStringAsync($"/api/items/{id}")).RootElement.Clone();

    public async Task<IReadOnlyList<JsonElement>> WorkersAsync() =>
        [.. JsonDocument.Parse(await api.GetStringAsync("/api/workers")).RootElement.GetProperty("workers").EnumerateArray().Select(w => w.Clone())];

    /// <summary>Polls the item until it is in <paramref name="state"/>, and answers it as it was then.</summary>
    public async Task<JsonElement> WaitForStateAsync(Guid id, string state, TimeSpan timeout)
    {
        JsonElement item = default;
        await Eventually.UntilAsync(async () =>
        {
            item = await ItemAsync(id);
            return item.GetProperty("state").GetString() == state;
        }, timeout, $"item {id} to be {state}");
        return item;
    }
}
