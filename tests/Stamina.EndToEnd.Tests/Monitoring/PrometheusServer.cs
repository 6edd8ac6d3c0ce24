using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Stamina.Testing;

namespace Stamina.EndToEnd.Tests.Monitoring;

/// <summary>A real Prometheus server on a free loopback port, with its own data directory, for one test.</summary>
sealed class PrometheusServer : IAsyncDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> output = new();

    PrometheusServer(Process process, Uri url)
    {
        this.process = process;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public IEnumerable<string> Output => output;

    public static async Task<PrometheusServer> StartAsync(string binary, string configFile, string dataDirectory)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--config.file=" + configFile,
            "--storage.tsdb.path=" + dataDirectory,
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var server = new PrometheusServer(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                if (process.HasExited)
                    throw new InvalidOperationException("prometheus exited: " + string.Join('\n', server.output));
                return (await server.Http.GetAsync("/-/ready")).StatusCode == HttpStatusCode.OK;
            }, TimeSpan.FromSeconds(30), "prometheus to be ready");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>An instant query at now; the <c>data.result</c> array. Throws with Prometheus's error for a bad expression.</summary>
    public async Task<IReadOnlyList<JsonElement>> QueryAsync(string expression)
    {
        using var response = await Http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(expression));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (body.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"prometheus refused {expression}: {body.GetProperty("error").GetString()}");
        var data = body.GetProperty("data");
        // A scalar or string answers [time, value]: that is data too.
        return data.GetProperty("resultType").GetString() is "vector" or "matrix"
            ? [.. data.GetProperty("result").EnumerateArray().Select(series => series.Clone())]
            : [data.GetProperty("result").Clone()];
    }

    /// <summary>A <c>/api/v1/…</c> answer's <c>data</c>.</summary>
    public async Task<JsonElement> ApiAsync(string path)
    {
        var body = JsonDocument.Parse(await Http.GetStringAsync(path)).RootElement;
        return body.GetProperty("status").GetString() == "success"
            ? body.GetProperty("data").Clone()
            : throw new InvalidOperationException($"prometheus answered {path}: {body}");
    }

    void Keep(string? line)
    {
        if (line is null)
            return;
        output.Enqueue(line);
        while (output.Count > 2000)
            output.TryDequeue(out _);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        Http.Dispose();
    }
}
