using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;

namespace Stamina.Cli.Api;

/// <summary>
/// The coordinator's HTTP API. Every failure leaves here as a <see cref="CoordinatorException"/> whose exit code
/// tells scripts what went wrong (unreachable, unauthorised, invalid, not found, conflict).
/// </summary>
sealed class CoordinatorClient : IDisposable
{
    /// <summary>Long enough for a large prompt on a slow link; short enough that a hung coordinator does not hang a script.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A blackholed address should fail fast with "cannot reach", not after the whole request timeout.</summary>
    static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    readonly HttpClient http;
    readonly TimeSpan requestTimeout;
    readonly bool hasApiKey;

    public CoordinatorClient(Uri baseUrl, string? apiKey, TimeSpan? requestTimeout = null)
    {
        BaseUrl = baseUrl;
        this.requestTimeout = requestTimeout ?? DefaultRequestTimeout;
        hasApiKey = !string.IsNullOrEmpty(apiKey);
        http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout })
        {
            // A trailing slash makes relative paths resolve under a base path such as https://host/stamina/.
            BaseAddress = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/"),
            Timeout = this.requestTimeout,
        };
        if (hasApiKey)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("stamina-cli",
            typeof(CoordinatorClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));
    }

    public Uri BaseUrl { get; }

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>With <paramref name="idempotencyKey"/>, sending the same request again answers the item it made (<c>Replayed</c>).</summary>
    public Task<ApiResponse<WorkItem>> SubmitAsync(SubmitItemRequest request, CancellationToken cancellationToken,
        string operation = "submit the item", string? idempotencyKey = null) =>
        SendAsync<WorkItem>(HttpMethod.Post, "api/items", request, operation, cancellationToken,
            idempotencyKey is null ? null : new Dictionary<string, string> { [IdempotencyKeyHeader] = idempotencyKey });

    /// <summary>All the items of a task file in one request; with <paramref name="idempotencyKey"/>, sending it again answers the batch it made.</summary>
    public Task<ApiResponse<BatchInfo>> CreateBatchAsync(BatchRequest request, string? idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<BatchInfo>(HttpMethod.Post, "api/batches", request, "submit the batch", cancellationToken,
            idempotencyKey is null ? null : new Dictionary<string, string> { [IdempotencyKeyHeader] = idempotencyKey });

    public Task<ApiResponse<BatchList>> ListBatchesAsync(int? limit, CancellationToken cancellationToken) =>
        SendAsync<BatchList>(HttpMethod.Get, limit is null ? "api/batches" : $"api/batches?limit={limit.Value.ToString(CultureInfo.InvariantCulture)}",
            null, "list batches", cancellationToken);

    public Task<ApiResponse<BatchInfo>> GetBatchAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync<BatchInfo>(HttpMethod.Get, $"api/batches/{id}", null, $"show batch {id}", cancellationToken);

    public Task<ApiResponse<BatchActionResult>> CancelBatchAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync<BatchActionResult>(HttpMethod.Post, $"api/batches/{id}/cancel", null, $"cancel batch {id}", cancellationToken);

    public Task<ApiResponse<BatchActionResult>> RetryFailedBatchAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync<BatchActionResult>(HttpMethod.Post, $"api/batches/{id}/retry-failed", null, $"retry the failed items of batch {id}", cancellationToken);

    public Task<ApiResponse<ItemList>> ListItemsAsync(string? state, string? pool, int? limit, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (state is not null)
            query.Add("state=" + Uri.EscapeDataString(state));
        if (pool is not null)
            query.Add("pool=" + Uri.EscapeDataString(pool));
        if (limit is not null)
            query.Add("limit=" + limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var path = query.Count == 0 ? "api/items" : "api/items?" + string.Join('&', query);
        return SendAsync<ItemList>(HttpMethod.Get, path, null, "list items", cancellationToken);
    }

    public Task<ApiResponse<WorkItem>> GetItemAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync<WorkItem>(HttpMethod.Get, $"api/items/{id}", null, $"show item {id}", cancellationToken);

    public Task<ApiResponse<Pipeline>> GetPipelineAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync<Pipeline>(HttpMethod.Get, $"api/pipelines/{id}", null, $"show pipeline {id}", cancellationToken);

    public Task<ApiResponse<WorkItem>> CancelItemAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync<WorkItem>(HttpMethod.Post, $"api/items/{id}/cancel", null, $"cancel item {id}", cancellationToken);

    public Task<ApiResponse<WorkItem>> RetryItemAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync<WorkItem>(HttpMethod.Post, $"api/items/{id}/retry", null, $"retry item {id}", cancellationToken);

    public Task<ApiResponse<WorkerList>> ListWorkersAsync(CancellationToken cancellationToken) =>
        SendAsync<WorkerList>(HttpMethod.Get, "api/workers", null, "list workers", cancellationToken);

    public Task<ApiResponse<ResumedWorker>> ResumeWorkerAsync(string name, CancellationToken cancellationToken) =>
        SendAsync<ResumedWorker>(HttpMethod.Post, $"api/workers/{Uri.EscapeDataString(name)}/resume", null, $"resume worker {name}",
            cancellationToken);

    /// <summary><c>POST /api/workers/{name}/drain</c> or <c>/undrain</c>.</summary>
    public Task<ApiResponse<DrainedWorker>> DrainWorkerAsync(string name, bool drain, CancellationToken cancellationToken) =>
        SendAsync<DrainedWorker>(HttpMethod.Post, $"api/workers/{Uri.EscapeDataString(name)}/{(drain ? "drain" : "undrain")}", null,
            $"{(drain ? "drain" : "undrain")} worker {name}", cancellationToken);

    public Task<ApiResponse<DispatchState>> GetDispatchAsync(CancellationToken cancellationToken) =>
        SendAsync<DispatchState>(HttpMethod.Get, "api/dispatch", null, "read the dispatch state", cancellationToken);

    public Task<ApiResponse<DispatchState>> PauseDispatchAsync(DispatchPauseRequest request, CancellationToken cancellationToken) =>
        SendAsync<DispatchState>(HttpMethod.Post, "api/dispatch/pause", request, "pause dispatch", cancellationToken);

    public Task<ApiResponse<DispatchState>> ResumeDispatchAsync(DispatchPauseRequest request, CancellationToken cancellationToken) =>
        SendAsync<DispatchState>(HttpMethod.Post, "api/dispatch/resume", request, "resume dispatch", cancellationToken);

    public Task<ApiResponse<BreakerList>> ListBreakersAsync(CancellationToken cancellationToken) =>
        SendAsync<BreakerList>(HttpMethod.Get, "api/breakers", null, "list breakers", cancellationToken);

    public Task<ApiResponse<BreakerInfo>> ResetBreakerAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync<BreakerInfo>(HttpMethod.Post, $"api/breakers/{id}/reset", null, $"reset breaker {id}", cancellationToken);

    public Task<ApiResponse<ScheduleInfo>> AddScheduleAsync(ScheduleAddRequest request, CancellationToken cancellationToken) =>
        SendAsync<ScheduleInfo>(HttpMethod.Post, "api/schedules", request, "add the schedule", cancellationToken);

    public Task<ApiResponse<ScheduleList>> ListSchedulesAsync(CancellationToken cancellationToken) =>
        SendAsync<ScheduleList>(HttpMethod.Get, "api/schedules", null, "list schedules", cancellationToken);

    public Task<ApiResponse<ScheduleInfo>> GetScheduleAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync<ScheduleInfo>(HttpMethod.Get, $"api/schedules/{id}", null, $"show schedule {id}", cancellationToken);

    /// <summary>Pauses or resumes; answers the schedule as it is now.</summary>
    public Task<ApiResponse<ScheduleInfo>> SetSchedulePausedAsync(Guid id, bool paused, CancellationToken cancellationToken) =>
        SendAsync<ScheduleInfo>(HttpMethod.Post, $"api/schedules/{id}/{(paused ? "pause" : "resume")}", null,
            $"{(paused ? "pause" : "resume")} schedule {id}", cancellationToken);

    /// <summary>The coordinator answers 204 with no body.</summary>
    public Task RemoveScheduleAsync(Guid id, CancellationToken cancellationToken) =>
        ExchangeAsync(HttpMethod.Delete, $"api/schedules/{id}", null, $"remove schedule {id}", cancellationToken);

    public Task<ApiResponse<PruneAnswer>> PruneAsync(PruneRequest request, CancellationToken cancellationToken) =>
        SendAsync<PruneAnswer>(HttpMethod.Post, "api/prune", request, "prune attempt branches", cancellationToken);

    public Task<ApiResponse<FleetStats>> GetStatsAsync(CancellationToken cancellationToken) => GetStatsAsync(new WindowRequest(), cancellationToken);

    public Task<ApiResponse<FleetStats>> GetStatsAsync(WindowRequest window, CancellationToken cancellationToken) =>
        SendAsync<FleetStats>(HttpMethod.Get, "api/stats" + window.Query, null, "read the stats", cancellationToken);

    public Task<ApiResponse<MorningReport>> GetReportAsync(WindowRequest window, CancellationToken cancellationToken) =>
        SendAsync<MorningReport>(HttpMethod.Get, "api/report" + window.Query, null, "read the report", cancellationToken);

    /// <summary>The transcript's bytes from <paramref name="offset"/> on, exactly as stored (not decoded: it may hold invalid UTF-8).</summary>
    public async Task<TranscriptChunk> GetTranscriptAsync(Guid id, int attempt, long offset, CancellationToken cancellationToken)
    {
        var path = $"api/items/{id}/attempts/{attempt.ToString(CultureInfo.InvariantCulture)}/transcript?offset={offset.ToString(CultureInfo.InvariantCulture)}";
        var response = await ExchangeAsync(HttpMethod.Get, path, null, $"read the transcript of item {id} attempt {attempt}",
            cancellationToken, "application/x-ndjson");
        var length = long.TryParse(response.Header("Stamina-Transcript-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            ? total
            : offset + response.Body.Length;
        return new TranscriptChunk(response.Body, length, IsTrue(response.Header("Stamina-Transcript-Complete")),
            IsTrue(response.Header("Stamina-Transcript-Truncated")));
    }

    public void Dispose() => http.Dispose();

    static bool IsTrue(string? header) => string.Equals(header?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    sealed record RawResponse(byte[] Body, HttpResponseHeaders Headers)
    {
        public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
    }

    /// <summary>Sends one request; a failure status or no answer at all leaves as a <see cref="CoordinatorException"/>.</summary>
    async Task<RawResponse> ExchangeAsync(HttpMethod method, string path, object? body, string operation,
        CancellationToken cancellationToken, string? accept = null, IReadOnlyDictionary<string, string>? extraHeaders = null)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in extraHeaders ?? new Dictionary<string, string>())
            request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null)
        {
            // A string body has a known length, so the request is not chunked.
            request.Content = new StringContent(JsonSerializer.Serialize(body, CliJson.Options), Encoding.UTF8, "application/json");
        }
        if (accept is not null)
        {
            request.Headers.Accept.Clear();
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            // Problem documents come as JSON even when the body asked for is not.
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        }
        byte[] bytes;
        HttpStatusCode status;
        string? reasonPhrase;
        HttpResponseHeaders headers;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            status = response.StatusCode;
            reasonPhrase = response.ReasonPhrase;
            headers = response.Headers;
        }
        catch (HttpRequestException exception)
        {
            throw Unreachable(Describe(exception), exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation; only the caller's token means Ctrl+C.
            throw Unreachable($"no answer within {requestTimeout.TotalSeconds:0} seconds", exception);
        }

        if ((int)status is < 200 or > 299)
            throw Failure(status, reasonPhrase, Encoding.UTF8.GetString(bytes), operation);
        return new RawResponse(bytes, headers);
    }

    async Task<ApiResponse<T>> SendAsync<T>(HttpMethod method, string path, object? body, string operation,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
    {
        var response = await ExchangeAsync(method, path, body, operation, cancellationToken, extraHeaders: headers);
        var text = Encoding.UTF8.GetString(response.Body);
        try
        {
            var value = JsonSerializer.Deserialize<T>(text, CliJson.Options)
                ?? throw new JsonException("the body is empty or null");
            return new ApiResponse<T>(value, text) { Replayed = IsTrue(response.Header("Idempotent-Replayed")) };
        }
        catch (JsonException exception)
        {
            throw new CoordinatorException(ExitCodes.Unexpected,
                $"the answer from {BaseUrl} to '{operation}' is not the JSON the CLI expects ({exception.Message}); is that address the coordinator?",
                exception);
        }
    }

    CoordinatorException Unreachable(string reason, Exception exception) =>
        new(ExitCodes.Unreachable,
            $"cannot reach the coordinator at {BaseUrl}: {reason}. Is it running? Point the CLI at it with --url or STAMINA_URL.",
            exception);

    CoordinatorException Failure(HttpStatusCode status, string? reasonPhrase, string body, string operation)
    {
        var problem = ReadProblem(body);
        var reason = problem?.Detail ?? problem?.Title;
        switch (status)
        {
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                return new CoordinatorException(ExitCodes.Unauthorized,
                    "the coordinator refused the API key; set STAMINA_API_KEY or --api-key" + (hasApiKey ? "" : " (no key was given)"));
            case HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity:
                var fields = problem?.FieldErrors().Select(e => $"  {e.Field}: {e.Message}").ToList() ?? [];
                return new CoordinatorException(ExitCodes.InvalidRequest, fields.Count > 0
                    ? $"the coordinator rejected the request to {operation}:{Environment.NewLine}{string.Join(Environment.NewLine, fields)}"
                    : $"the coordinator rejected the request to {operation}: {reason ?? "bad request"}");
            case HttpStatusCode.NotFound:
                return new CoordinatorException(ExitCodes.NotFound,
                    $"cannot {operation}: {reason ?? $"not found (is {BaseUrl} the coordinator?)"}");
            case HttpStatusCode.Conflict:
                return new CoordinatorException(ExitCodes.Conflict, $"cannot {operation}: {reason ?? "the item's state does not allow it"}");
            default:
                return new CoordinatorException(ExitCodes.Unexpected,
                    $"cannot {operation}: the coordinator answered {(int)status} {reasonPhrase}{(reason is null ? "" : $": {reason}")}");
        }
    }

    static ProblemDetails? ReadProblem(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return null;
        try
        {
            return JsonSerializer.Deserialize<ProblemDetails>(body, CliJson.Options);
        }
        catch (JsonException)
        {
            // A proxy's HTML error page is not a problem document; the status code alone will do.
            return null;
        }
    }

    static string Describe(HttpRequestException exception) =>
        exception.InnerException is AuthenticationException tls ? $"{exception.Message} {tls.Message}" : exception.Message;
}
