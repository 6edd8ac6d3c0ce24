using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stamina.Coordinator.Api;

public static class ApiJson
{
    /// <summary>camelCase, and unknown fields are errors: a misspelt field must not be silently dropped.</summary>
    public static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
