using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading.Channels;

namespace Stamina.EndToEnd.Tests.Board;

/// <summary>A client of <c>GET /api/events</c> that collects what arrives, for assertions with deadlines.</summary>
sealed class EventStream : IAsyncDisposable
{
    readonly HttpClient client;
    readonly HttpResponseMessage response;
    readonly CancellationTokenSource stop = new();
    readonly Channel<SseItem<string>> received = Channel.CreateUnbounded<SseItem<string>>();
    readonly Task reading;

    EventStream(HttpClient client, HttpResponseMessage response)
    {
        this.client = client;
        this.response = response;
        reading = ReadAsync();
    }

    public static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string url, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url + "/api/events");
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public static async Task<EventStream> StartAsync(string url, string key)
    {
        var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var response = await OpenAsync(client, url, key);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await DescribeAsync(response));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        return new EventStream(client, response);
    }

    static async Task<string> DescribeAsync(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync();

    async Task ReadAsync()
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(stop.Token))
                await received.Writer.WriteAsync(item, stop.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            received.Writer.TryComplete();
        }
    }

    /// <summary>Waits for an event of <paramref name="type"/> whose data matches; fails at the deadline or when the stream ends.</summary>
    public async Task<JsonElement> WaitForAsync(string type, Func<JsonElement, bool> match, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await received.Reader.WaitToReadAsync(deadline.Token))
            {
                while (received.Reader.TryRead(out var item))
                {
                    if (item.EventType != type)
                        continue;
                    var data = JsonDocument.Parse(item.Data).RootElement.Clone();
                    if (match(data))
                        return data;
                }
            }
            throw new AssertionException($"the event stream ended before {what}");
        }
        catch (OperationCanceledException)
        {
            throw new AssertionException($"no event for {what} within {timeout.TotalSeconds:0} s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        response.Dispose();
        await reading;
        client.Dispose();
        stop.Dispose();
    }
}
