using System.ComponentModel.DataAnnotations;

namespace Stamina.Coordinator.Api;

/// <summary>Section <c>Stamina</c>: the API key and the limits on what may be submitted.</summary>
public sealed class ApiSettings
{
    public const string Section = "Stamina";

    /// <summary>Required unless <see cref="InsecureNoApiKey"/> is set; from <c>Stamina__ApiKey</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Development switch: run the API without a key. Never in production.</summary>
    public bool InsecureNoApiKey { get; set; }

    /// <summary>Local repositories must live under one of these directories; empty means none are allowed.</summary>
    public List<string> AllowedLocalRoots { get; set; } = [];

    [Range(1, 64 * 1024 * 1024)]
    public int MaxPromptBytes { get; set; } = 1024 * 1024;

    [Range(1, 1024)]
    public int MaxCommandArguments { get; set; } = 256;

    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long an <c>Idempotency-Key</c> names its item. Half a day: a nightly batch re-run the same night is not
    /// sent twice, and the same file run again by a schedule a day later is far from the window's edge (a full
    /// day would put each task of the next night's run a few milliseconds either side of it, at random).
    /// </summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(12);
}
