namespace Stamina.Coordinator.Web;

/// <summary>
/// The web page at <c>/</c>: a live, read-only view of items and workers over the API. The page itself holds
/// no data, so it needs no key; the browser asks for the key and sends it with every API call.
/// </summary>
public static class WebPageEndpoints
{
    static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = typeof(WebPageEndpoints).Assembly.GetManifestResourceStream("Stamina.Coordinator.Web.index.html")
            ?? throw new InvalidOperationException("the web page is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointRouteBuilder MapWebPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", (HttpResponse response) =>
        {
            response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'";
            return Results.Bytes(Page.Value, "text/html; charset=utf-8");
        });
        return routes;
    }
}
