using System.Text;
using System.Text.Json.Nodes;
using Stamina.Testing.Fuzzing;

namespace Stamina.EndToEnd.Tests.Fuzzing;

/// <summary>Random and mutated HTTP requests for the coordinator's API: bodies, paths, query strings, methods and headers.</summary>
sealed class FuzzRequests(Random random, string repository)
{
    readonly JsonMutator mutator = new(random);

    static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FUZZ"];

    static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/problem+json", "a/b", "",
    ];

    static readonly string[] Accepts = ["application/json", "text/html", "application/xml", "*/*", "", "application/problem+json;q=0"];

    /// <summary>A request, what it was (for a failure message), and whether Kestrel itself may refuse it before the app sees it.</summary>
    public (HttpRequestMessage Request, string Description, bool KestrelMayRefuse) Next(string validKey)
    {
        var kind = random.Next(20);
        HttpRequestMessage request;
        string description;
        if (kind < 11)
            (request, description) = Submit();
        else if (kind < 13)
            (request, description) = Prune();
        else if (kind < 16)
            (request, description) = (new HttpRequestMessage(new HttpMethod(random.Pick(Methods)), RandomPath()), "");
        else
            (request, description) = (new HttpRequestMessage(HttpMethod.Get, "/api/items?" + RandomQuery()), "");
        description = $"{request.Method} {request.RequestUri} {description}";

        // Mostly the right key, so the fuzz reaches the endpoints; sometimes none or a wrong one.
        var key = random.Next(10) switch { 0 => null, 1 => random.Pick(OddValues.Strings), _ => validKey };
        if (key is not null)
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        if (key != validKey)
            description += $" Authorization: {key ?? "(none)"}";
        if (random.Next(3) == 0)
        {
            var accept = random.Pick(Accepts);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            description += $" Accept: {accept}";
        }
        if (random.Next(3) == 0)
        {
            var idempotencyKey = random.Next(4) switch
            {
                0 => new string('k', 300),
                1 => random.Pick(OddValues.Strings),
                _ => "key-" + random.Next(20),
            };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
            description += $" Idempotency-Key: {idempotencyKey}";
        }
        var huge = random.Next(25) == 0;
        if (huge)
        {
            request.Headers.TryAddWithoutValidation("X-Fuzz", new string('h', random.Pick([20_000, 40_000, 200_000])));
            description += " with a huge header";
        }
        // Kestrel refuses these itself, before any middleware, with a bodiless 400/414/431: a long URL, a
        // huge header, a NUL in the path (an "invalid request target").
        var target = request.RequestUri!.OriginalString;
        // and a control character in a header (a NUL is a malformed request).
        var kestrelRefuses = target.Length > 8_000 || target.Split('?')[0].Contains("%00", StringComparison.Ordinal)
            || request.Headers.Any(h => h.Value.Any(v => v.Any(c => c < ' ' && c != '\t')));
        return (request, description, huge || kestrelRefuses);
    }

    (HttpRequestMessage, string) Submit()
    {
        JsonObject valid = random.Next(3) switch
        {
            0 => new JsonObject { ["repo"] = repository, ["command"] = new JsonArray("true") },
            1 => new JsonObject
            {
                ["repo"] = repository,
                ["harness"] = "claude",
                ["prompt"] = "hello",
                ["model"] = "sonnet",
                ["maxTurns"] = 3,
                ["maxBudgetUsd"] = 1.5,
                ["stallTimeout"] = "5m",
                ["timeout"] = "30m",
                ["labels"] = new JsonObject { ["team"] = "a" },
                ["priority"] = 5,
                ["maxAttempts"] = 2,
                ["pool"] = "default",
                ["baseRef"] = "HEAD",
            },
            _ => new JsonObject
            {
                ["repo"] = repository,
                ["harness"] = "codex",
                ["taskFile"] = "tasks/x.md",
                ["skillLevel"] = "senior",
                ["appendSystemPrompt"] = "be brief",
                ["timeout"] = 600,
            },
        };
        var body = random.Next(12) == 0 ? [] : mutator.Mutate(valid);
        return (WithBody(HttpMethod.Post, "/api/items", body), Describe(body));
    }

    (HttpRequestMessage, string) Prune()
    {
        var body = mutator.Mutate(new JsonObject { ["olderThan"] = "7d", ["dryRun"] = true, ["includeAccepted"] = false });
        return (WithBody(HttpMethod.Post, "/api/prune", body), Describe(body));
    }

    HttpRequestMessage WithBody(HttpMethod method, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        var contentType = random.Next(4) == 0 ? random.Pick(ContentTypes) : "application/json";
        if (contentType.Length > 0)
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpRequestMessage(method, path) { Content = content };
    }

    string RandomPath()
    {
        var id = random.Next(2) == 0 ? Guid.NewGuid().ToString() : Escape(random.Pick(OddValues.Strings));
        return random.Next(19) switch
        {
            16 => "/api/report?" + WindowQuery(),
            17 => "/api/stats?" + WindowQuery(),
            18 => "/api/access",
            0 => "/",
            1 => "/api",
            2 => "/api/items/" + id,
            3 => $"/api/items/{id}/cancel",
            4 => $"/api/items/{id}/retry",
            5 => $"/api/items/{id}/attempts/{Escape(random.Pick(OddValues.Numbers))}/transcript?offset={Escape(random.Pick(OddValues.Numbers))}",
            6 => "/api/workers/" + Escape(random.Pick(OddValues.Strings)) + "/resume",
            7 => "/api/workers",
            8 => "/api/stats",
            9 => "/health/live",
            10 => "/metrics",
            11 => "/api/" + Escape(random.RandomText(random.Next(1, 30))),
            12 => "/" + new string('p', random.Pick([100, 5_000, 20_000])),
            13 => "/api/items/%00",
            14 => "/api/items/..%2f..%2fetc%2fpasswd",
            _ => "/nope",
        };
    }

    string RandomQuery()
    {
        var parts = new List<string>();
        foreach (var name in new[] { "state", "pool", "limit", "offset", "label", "account", "since", "until" })
        {
            if (random.Next(2) == 0)
                parts.Add($"{name}={Escape(random.Next(2) == 0 ? random.Pick(OddValues.Strings) : random.Pick(OddValues.Numbers))}");
        }
        if (random.Next(4) == 0)
            parts.Add(Escape(random.RandomText(random.Next(1, 20))) + "=" + Escape(random.RandomText(random.Next(0, 20))));
        return string.Join('&', parts);
    }

    /// <summary>A time window of the stats and report routes, mostly odd: durations, times, numbers and strings.</summary>
    string WindowQuery()
    {
        var parts = new List<string>();
        foreach (var name in new[] { "since", "from", "to" })
        {
            if (random.Next(2) == 0)
                parts.Add($"{name}={Escape(random.Next(3) switch { 0 => random.Pick(OddValues.Strings), 1 => random.Pick(OddValues.Numbers), _ => random.Pick(Windows) })}");
        }
        return string.Join('&', parts);
    }

    static readonly string[] Windows = ["12h", "90m", "2026-12-06T01:00:00Z", "2026-12-06T01:00:00+01:00", "2026-12-06T01:00:00", "0s", "9999999h"];

    /// <summary>Percent-encodes the UTF-8 bytes, lone surrogates as U+FFFD (what any client would send).</summary>
    static string Escape(string text) =>
        string.Concat(Encoding.UTF8.GetBytes(text).Select(b => char.IsAsciiLetterOrDigit((char)b) ? ((char)b).ToString() : $"%{b:X2}"));

    static string Describe(byte[] body) => body.Length > 300
        ? $"body of {body.Length:N0} bytes starting {Encoding.UTF8.GetString(body, 0, 300)}"
        : "body " + Encoding.UTF8.GetString(body);
}
