using System.ComponentModel.DataAnnotations;

namespace Stamina.Coordinator.Api;

/// <summary>Section <c>Stamina</c>: the API key and the limits on what may be submitted.</summary>
public sealed class ApiSettings
{
    public const string Section = "Stamina";

    /// <summary>Shorter keys are refused at start: 24 random characters are beyond guessing, a word is not.</summary>
    public const int MinApiKeyLength = 24;

    /// <summary>Required unless <see cref="InsecureNoApiKey"/> is set; from <c>Stamina__ApiKey</c>. At least <see cref="MinApiKeyLength"/> characters.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Optional second key that may only read (GET and HEAD: the web page, items, stats, workers, transcripts);
    /// any other method with it answers 403. For dashboards and people who watch. Same minimum length.
    /// </summary>
    public string? ReadOnlyApiKey { get; set; }

    /// <summary>Development switch: run the API without a key. Never in production.</summary>
    public bool InsecureNoApiKey { get; set; }

    /// <summary>Local repositories must live under one of these directories; empty means none are allowed.</summary>
    public List<string> AllowedLocalRoots { get; set; } = [];

    [Range(1, 64 * 1024 * 1024)]
    public int MaxPromptBytes { get; set; } = 1024 * 1024;

    [Range(1, 1024)]
    public int MaxCommandArguments { get; set; } = 256;

    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>API requests served at once; more wait in a queue of <see cref="RequestQueueLimit"/>, and beyond that answer 503.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>API requests that may wait for a free slot; a full queue answers 503 with <c>Retry-After</c> at once.</summary>
    [Range(0, 100_000)]
    public int RequestQueueLimit { get; set; } = 256;

    /// <summary>
    /// An API request still unanswered after this long answers 503 with <c>Retry-After</c> (the database or the
    /// broker is too slow). Longer than the 30 s a submit, cancel or retry waits for the saga's answer.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an <c>Idempotency-Key</c> names its item. Half a day: a nightly batch re-run the same night is not
    /// sent twice, and the same file run again by a schedule a day later is far from the window's edge (a full
    /// day would put each task of the next night's run a few milliseconds either side of it, at random).
    /// </summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(12);
}
