namespace Stamina.Coordinator.Api;

/// <summary>What the presented key may do, recorded by <see cref="ApiKeyMiddleware"/> and shown at <c>GET /api/access</c> (the web board hides its buttons for a reader).</summary>
public static class ApiAccess
{
    public const string Full = "full";
    public const string Read = "read";

    static readonly object ItemKey = new();

    public static void Set(HttpContext context, string access) => context.Items[ItemKey] = access;

    /// <summary>Full when no key is required at all (development).</summary>
    public static string Of(HttpContext context) => context.Items[ItemKey] as string ?? Full;

    public static IEndpointRouteBuilder MapAccessEndpoint(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/access", (HttpContext context) => Results.Ok(new { access = Of(context) }));
        return routes;
    }
}
