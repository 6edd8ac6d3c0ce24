using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Stamina.Coordinator.Api;

/// <summary>
/// Every <c>/api</c> request needs <c>Authorization: Bearer &lt;key&gt;</c>; health and metrics stay open for probes and scrapers.
/// The read-only key, when set, passes GET and HEAD only; anything else with it answers 403.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ApiSettings> settings)
{
    readonly byte[]? fullKey = Digest(settings.Value.ApiKey);
    readonly byte[]? readOnlyKey = Digest(settings.Value.ReadOnlyApiKey);

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api") || fullKey is null && settings.Value.InsecureNoApiKey)
            return next(context);
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = Digest(header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..] : null);
        if (Matches(presented, fullKey))
        {
            ApiAccess.Set(context, ApiAccess.Full);
            return next(context);
        }
        if (Matches(presented, readOnlyKey))
        {
            ApiAccess.Set(context, ApiAccess.Read);
            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                return next(context);
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.",
                detail: "the read-only API key may only read (GET); send the coordinator's full API key to change anything").ExecuteAsync(context);
        }
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized.",
            detail: "send the coordinator's API key as 'Authorization: Bearer <key>'").ExecuteAsync(context);
    }

    /// <summary>
    /// Keys are compared as SHA-256 digests in constant time: equal lengths whatever was sent, so neither the
    /// key's bytes nor its length can be learnt from how long a refusal takes.
    /// </summary>
    static byte[]? Digest(string? key) =>
        string.IsNullOrWhiteSpace(key) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim()));

    static bool Matches(byte[]? presented, byte[]? expected) =>
        presented is not null && expected is not null && CryptographicOperations.FixedTimeEquals(presented, expected);
}
