using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stamina.Cli.Tests.Infrastructure;

/// <summary>
/// A stand-in coordinator on 127.0.0.1 and a free port: it answers canned JSON per method and path and records
/// every request, so a test can check what the CLI sent and how it shows the answer.
/// </summary>
sealed class LoopbackCoordinator : IAsyncDisposable
{
    readonly HttpListener listener;
    readonly ConcurrentDictionary<string, CannedResponse> routes = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<RecordedRequest> requests = new();
    readonly ConcurrentDictionary<string, ConcurrentQueue<CannedResponse>> sequences = new(StringComparer.Ordinal);
    readonly Task loop;

    LoopbackCoordinator(HttpListener listener, Uri url)
    {
        this.listener = listener;
        Url = url;
        loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public RecordedRequest SingleRequest => Requests.Single();

    public static LoopbackCoordinator Start() => StartOn(IPAddress.Loopback);

    /// <summary>A stand-in on another of this machine's addresses (a non-loopback one, for the plain-HTTP key tests).</summary>
    public static LoopbackCoordinator StartOn(IPAddress address)
    {
        // The free port comes from the OS; another process can take it before HttpListener binds, so try again.
        for (var attempt = 1; ; attempt++)
        {
            var url = new Uri($"http://{address}:{FreePort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(url.AbsoluteUri);
            try
            {
                listener.Start();
                return new LoopbackCoordinator(listener, url);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>A port that nothing listens on (for the "cannot reach" tests) or that a listener can take.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Answers <paramref name="method"/> on <paramref name="pathAndQuery"/> (an exact match with the query wins over the path alone).</summary>
    public LoopbackCoordinator On(string method, string pathAndQuery, int status, string body, string contentType = "application/json")
    {
        routes[$"{method} {pathAndQuery}"] = new CannedResponse(status, body, contentType);
        return this;
    }

    /// <summary>Answers with each response in turn, then keeps giving the last one (a resource that changes between polls).</summary>
    public LoopbackCoordinator OnSequence(string method, string pathAndQuery, params CannedResponse[] responses)
    {
        sequences[$"{method} {pathAndQuery}"] = new ConcurrentQueue<CannedResponse>(responses);
        return this;
    }

    public LoopbackCoordinator OnProblem(string method, string pathAndQuery, int status, string title, string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new { type = "about:blank", title, status, detail, errors });
        return On(method, pathAndQuery, status, body, "application/problem+json");
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        try
        {
            await loop;
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopping the listener ends the pending GetContextAsync with one of these.
        }
    }

    async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            await AnswerAsync(context);
        }
    }

    async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
            body = await reader.ReadToEndAsync();
        var pathAndQuery = request.Url!.PathAndQuery;
        requests.Enqueue(new RecordedRequest(request.HttpMethod, pathAndQuery, request.Headers["Authorization"], request.ContentType, body,
            request.Headers["Idempotency-Key"]));

        var canned = Next($"{request.HttpMethod} {pathAndQuery}")
            ?? routes.GetValueOrDefault($"{request.HttpMethod} {pathAndQuery}")
            ?? routes.GetValueOrDefault($"{request.HttpMethod} {pathAndQuery.Split('?')[0]}")
            ?? new CannedResponse(404, """{"title":"No canned response.","status":404,"detail":"the test set no answer for this request"}""",
                "application/problem+json");
        var bytes = canned.Bytes ?? Encoding.UTF8.GetBytes(canned.Body);
        foreach (var (name, value) in canned.Headers ?? new Dictionary<string, string>())
            context.Response.Headers[name] = value;
        context.Response.StatusCode = canned.Status;
        context.Response.ContentType = canned.ContentType;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    CannedResponse? Next(string key)
    {
        if (!sequences.TryGetValue(key, out var queue))
            return null;
        lock (queue)
        {
            if (queue.Count > 1 && queue.TryDequeue(out var next))
                return next;
            return queue.TryPeek(out var last) ? last : null;
        }
    }
}
