using System.Collections.Frozen;

namespace Stamina.Coordinator.Web;

/// <summary>
/// The operator's board: <c>/</c> and its scripts and styles under <c>/web/</c>, plain files embedded in the
/// assembly (nothing is built at run time). The files hold no data, so they need no key; the browser asks for the
/// key and sends it with every API call. The policy allows scripts and styles from this origin only: nothing inline.
/// </summary>
public static class WebPageEndpoints
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["board.css"] = "text/css; charset=utf-8",
        ["api.js"] = "text/javascript; charset=utf-8",
        ["transcript.js"] = "text/javascript; charset=utf-8",
        ["chart.js"] = "text/javascript; charset=utf-8",
        ["board.js"] = "text/javascript; charset=utf-8",
        ["breakers.js"] = "text/javascript; charset=utf-8",
    }.ToFrozenDictionary();

    static readonly FrozenDictionary<string, byte[]> Files = ContentTypes.Keys.ToFrozenDictionary(name => name, Read);

    public static IEndpointRouteBuilder MapWebPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", (HttpResponse response) => Serve(response, "index.html"));
        routes.MapGet("/web/{name}", (string name, HttpResponse response) =>
            Files.ContainsKey(name) ? Serve(response, name) : Results.NotFound());
        return routes;
    }

    static IResult Serve(HttpResponse response, string name)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
        return Results.Bytes(Files[name], ContentTypes[name]);
    }

    static byte[] Read(string name)
    {
        using var stream = typeof(WebPageEndpoints).Assembly.GetManifestResourceStream("Stamina.Coordinator.Web." + name)
            ?? throw new InvalidOperationException($"the web board's {name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
