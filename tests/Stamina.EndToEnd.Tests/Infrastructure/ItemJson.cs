using System.Text.Json;

namespace Stamina.EndToEnd.Tests.Infrastructure;

/// <summary>Reading the API's item JSON in assertions.</summary>
static class ItemJson
{
    public static Guid Id(this JsonElement item) => item.GetProperty("id").GetGuid();

    public static string State(this JsonElement item) => item.GetProperty("state").GetString()!;

    public static IReadOnlyList<JsonElement> Attempts(this JsonElement item) => [.. item.GetProperty("attempts").EnumerateArray()];

    public static JsonElement Result(this JsonElement item) => item.GetProperty("result");

    public static string? Text(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
