using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Stamina.Coordinator.Api;

/// <summary>Every <c>/api</c> request needs <c>Authorization: Bearer &lt;key&gt;</c>; health and metrics stay open for probes and scrapers.</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ApiSettings> settings)
{
    readonly byte[]? expected = settings.Value.ApiKey is { Length: > 0 } key ? Encoding.UTF8.GetBytes(key) : null;

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api") || expected is null && settings.Value.InsecureNoApiKey)
            return next(context);
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()) : [];
        if (expected is not null && CryptographicOperations.FixedTimeEquals(presented, expected))
            return next(context);
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized.",
            detail: "send the coordinator's API key as 'Authorization: Bearer <key>'").ExecuteAsync(context);
    }
}
