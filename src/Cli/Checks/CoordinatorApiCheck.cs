using System.Net;
using System.Net.Http.Headers;

namespace Stamina.Cli.Checks;

/// <summary>The coordinator's HTTP API: <c>/health/ready</c> answers, and <c>/api/workers</c> accepts the API key.</summary>
static class CoordinatorApiCheck
{
    public const string HealthName = "Coordinator";
    public const string KeyName = "API key";

    /// <param name="urlConfigured">False when the URL is only the default: an unreachable default is a warning.</param>
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(string urlText, bool urlConfigured, string? apiKey, bool insecure, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(urlText.TrimEnd('/') + "/", UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https"))
            return [CheckResult.Failed(HealthName, $"Stamina:Url must be an http:// or https:// address, not '{urlText}'")];
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout }) { BaseAddress = url, Timeout = timeout };
        var health = await GetAsync(http, "health/ready", null, cancellationToken);
        if (health.Error is { } error)
        {
            var detail = $"{url}: cannot reach the coordinator ({error})";
            return urlConfigured
                ? [CheckResult.Failed(HealthName, detail)]
                : [CheckResult.Warning(HealthName, detail + "; no coordinator URL is configured (Stamina:Url, STAMINA_URL or --url)")];
        }
        var results = new List<CheckResult>
        {
            health.Status == HttpStatusCode.OK
                ? CheckResult.Ok(HealthName, $"{url}: ready")
                : CheckResult.Failed(HealthName, $"{url}health/ready answered HTTP {(int)health.Status!}: not ready (is PostgreSQL up?)"),
        };
        if (Api.PlainHttpKeyGuard.Refusal(url, apiKey, insecure) is { } refusal)
        {
            results.Add(CheckResult.Failed(KeyName, refusal));
            return results;
        }
        var workers = await GetAsync(http, "api/workers", apiKey, cancellationToken);
        results.Add(workers switch
        {
            { Error: { } e } => CheckResult.Failed(KeyName, $"GET {url}api/workers failed: {e}"),
            { Status: HttpStatusCode.OK } => CheckResult.Ok(KeyName, "accepted (GET /api/workers)"),
            { Status: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } when string.IsNullOrEmpty(apiKey) =>
                CheckResult.Failed(KeyName, "none configured, and the coordinator wants one (Stamina:ApiKey, STAMINA_API_KEY or --api-key)"),
            { Status: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } =>
                CheckResult.Failed(KeyName, $"API key rejected by the coordinator (HTTP {(int)workers.Status!})"),
            _ => CheckResult.Failed(KeyName, $"GET {url}api/workers answered HTTP {(int)workers.Status!}"),
        });
        return results;
    }

    sealed record Answer(HttpStatusCode? Status, string? Error);

    static async Task<Answer> GetAsync(HttpClient http, string path, string? apiKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (!string.IsNullOrEmpty(apiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return new Answer(response.StatusCode, null);
        }
        catch (HttpRequestException exception)
        {
            return new Answer(null, exception.InnerException?.Message ?? exception.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Answer(null, $"no answer within {http.Timeout.TotalSeconds:0} s");
        }
    }
}
