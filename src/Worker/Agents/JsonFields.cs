using System.Text.Json;

namespace Stamina.Worker.Agents;

/// <summary>Tolerant reads of event fields: a missing or wrong-typed field reads as null, never throws.</summary>
static class JsonFields
{
    public static JsonElement? Object(this JsonElement element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    public static JsonElement? Array(this JsonElement element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.Array } value ? value : null;

    public static string? String(this JsonElement element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.String } value ? LenientJsonString.Read(value) : null;

    public static long? Long(this JsonElement element, string name)
    {
        if (Get(element, name) is not { ValueKind: JsonValueKind.Number } value)
        {
            return null;
        }
        if (value.TryGetInt64(out var whole))
        {
            return whole;
        }
        return value.TryGetDouble(out var real) && real is >= long.MinValue and <= long.MaxValue ? (long)real : null;
    }

    public static decimal? Decimal(this JsonElement element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDecimal(out var number) ? number : null;

    public static bool? Bool(this JsonElement element, string name) => Get(element, name)?.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    static JsonElement? Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;
}
