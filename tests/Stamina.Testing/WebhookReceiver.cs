using System.Net;

namespace Stamina.Testing;

/// <summary>
/// A real HTTP endpoint on loopback (<see cref="HttpListener"/>) that records every request and answers as the test
/// says: 200, 500, or never (it holds the request open until disposed). Its path holds a fake secret, so a test can
/// check that no log repeats it.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly HttpListener listener = new();
    readonly List<ReceivedWebhook> received = [];
    readonly List<HttpListenerContext> held = [];
    readonly CancellationTokenSource stopping = new();
    readonly Task loop;

    public WebhookReceiver(WebhookAnswer answer = WebhookAnswer.Ok)
    {
        Answer = answer;
        var port = FreePorts.Next();
        Root = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Root);
        listener.Start();
        loop = Task.Run(ListenAsync);
    }

    public WebhookAnswer Answer { get; set; }

    public string Root { get; }

    /// <summary>The part of <see cref="Url"/> that must never appear in a log.</summary>
    public string Secret { get; } = "s3cret-" + Guid.NewGuid().ToString("N");

    public string Url => $"{Root}hooks/{Secret}?token={Secret}";

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (received)
                return [.. received];
        }
    }

    async Task ListenAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    async Task HandleAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.AllKeys.OfType<string>()
            .ToDictionary(key => key, key => context.Request.Headers[key] ?? "", StringComparer.OrdinalIgnoreCase);
        var answer = Answer;
        lock (received)
            received.Add(new ReceivedWebhook(context.Request.HttpMethod, context.Request.RawUrl ?? "", headers, body, DateTimeOffset.UtcNow));
        switch (answer)
        {
            case WebhookAnswer.Hang:
                lock (held)
                    held.Add(context);
                return;
            case WebhookAnswer.ServerError:
                context.Response.StatusCode = 500;
                break;
            case WebhookAnswer.NotFound:
                context.Response.StatusCode = 404;
                break;
            default:
                context.Response.StatusCode = 200;
                break;
        }
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        lock (held)
        {
            foreach (var context in held)
                context.Response.Abort();
        }

        listener.Stop();
        listener.Close();
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
    }
}
