using System.Text.Json;

namespace Stamina.Cli.Api;

/// <summary>An RFC 7807 error body.</summary>
sealed record ProblemDetails
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public int? Status { get; init; }
    public string? Detail { get; init; }

    /// <summary>Field name to messages. Read loosely: a single string instead of an array is accepted too.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Errors { get; init; }

    public IEnumerable<(string Field, string Message)> FieldErrors()
    {
        foreach (var (field, value) in Errors ?? new Dictionary<string, JsonElement>())
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in value.EnumerateArray())
                    yield return (field, message.ValueKind == JsonValueKind.String ? message.GetString()! : message.GetRawText());
            }
            else
            {
                yield return (field, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());
            }
        }
    }
}
