using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Infrastructure.Otlp;

/// <summary>
/// A local OTLP/HTTP receiver (protobuf bodies) on loopback: keeps the spans of POST /v1/traces and the log
/// records of POST /v1/logs, and accepts /v1/metrics without reading it. Point OTEL_EXPORTER_OTLP_ENDPOINT at <see cref="Endpoint"/>.
/// </summary>
sealed class OtlpReceiver : IAsyncDisposable
{
    readonly HttpListener listener = new();
    readonly Task loop;
    readonly ConcurrentQueue<OtlpSpan> spans = new();
    readonly ConcurrentQueue<OtlpLogRecord> logs = new();
    readonly ConcurrentQueue<string> refused = new();

    /// <param name="port">A free port by default; OTLP/HTTP's own 4318 to catch exports sent to the default address.</param>
    /// <exception cref="HttpListenerException">The port is taken.</exception>
    public OtlpReceiver(int? port = null)
    {
        Endpoint = port is { } fixedPort ? $"http://localhost:{fixedPort}" : $"http://127.0.0.1:{FreePorts.Next()}";
        listener.Prefixes.Add(Endpoint + "/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }
    public IReadOnlyList<OtlpSpan> Spans => [.. spans];
    public IReadOnlyList<OtlpLogRecord> Logs => [.. logs];

    /// <summary>Requests this receiver could not read (a wrong path, method or body): a test asserts there are none.</summary>
    public IReadOnlyList<string> Refused => [.. refused];

    /// <summary>The environment that makes a Stamina process export here, in batches sent every 200 ms.</summary>
    public IReadOnlyDictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
    };

    async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            try
            {
                Receive(context.Request);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
            }
            catch (Exception exception)
            {
                refused.Enqueue($"{context.Request.HttpMethod} {context.Request.Url?.AbsolutePath}: {exception.Message}");
                context.Response.StatusCode = 400;
            }
            context.Response.Close();
        }
    }

    void Receive(HttpListenerRequest request)
    {
        if (request.HttpMethod != "POST")
            throw new InvalidOperationException("not a POST");
        using var body = new MemoryStream();
        using (var content = request.Headers["Content-Encoding"] == "gzip" ? new GZipStream(request.InputStream, CompressionMode.Decompress) : request.InputStream)
            content.CopyTo(body);
        var message = ByteString.CopyFrom(body.ToArray());
        switch (request.Url?.AbsolutePath)
        {
            case "/v1/traces":
                foreach (var span in OtlpWire.Spans(message))
                    spans.Enqueue(span);
                break;
            case "/v1/logs":
                foreach (var record in OtlpWire.Logs(message))
                    logs.Enqueue(record);
                break;
            case "/v1/metrics":
                break;
            default:
                throw new InvalidOperationException("unknown path");
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}
