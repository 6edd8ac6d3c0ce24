using System.Text.RegularExpressions;

namespace Stamina.Coordinator.Submissions;

/// <summary>The <c>Idempotency-Key</c> header of <c>POST /api/items</c>: which texts are keys.</summary>
public static partial class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>Set to <c>true</c> on an answer that returns the item an earlier request with the key made.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const int MaxLength = 255;

    /// <summary>Null when <paramref name="key"/> is a valid key; otherwise what is wrong with it.</summary>
    public static string? Problem(string key) =>
        key.Length is 0 or > MaxLength ? $"must be 1 to {MaxLength} characters long (it is {key.Length})"
        : !Allowed().IsMatch(key) ? "may hold only letters, digits and '-', '_', '.', ':', '/', '+', '='"
        : null;

    [GeneratedRegex("^[A-Za-z0-9._:/+=-]+$")]
    private static partial Regex Allowed();
}
