using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stamina.Cli.Api;

static class CliJson
{
    /// <summary>
    /// camelCase like the API. Reading is tolerant: unknown fields are ignored and names match case-insensitively,
    /// so the CLI keeps working against a coordinator that is a version ahead or behind.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Re-indents the coordinator's JSON without changing it, for <c>--json</c>.</summary>
    public static string Pretty(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, Indented);
    }

    // Relaxed escaping keeps non-ASCII prompts and paths readable; the output is for a terminal or a JSON parser, never HTML.
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
