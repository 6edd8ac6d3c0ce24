using System.Net;
using System.Text.Json;
using Dapper;
using Npgsql;
using Stamina.Testing.Fuzzing;

namespace Stamina.EndToEnd.Tests.Fuzzing;

/// <summary>
/// A bounded, seeded fuzz of a real coordinator's HTTP API on the real PostgreSQL (no workers: nothing submitted
/// runs). Replay a failure with the seed it prints; run longer with <c>STAMINA_FUZZ_ITERATIONS</c>.
/// </summary>
[TestFixture]
public sealed class ApiFuzzTests : FleetTestBase
{
    private protected override FleetOptions Options => new() { Workers = 0 };

    [Test]
    public async Task When_requests_are_random_or_mutated_Should_answer_no_5xx_only_problems_and_store_nothing_when_refused()
    {
        var run = FuzzRun.Start(defaultIterations: 300);
        var requests = new FuzzRequests(run.Random, fleet.Repository.Path);
        using var client = NewClient();
        await using var database = new NpgsqlConnection(fleet.DatabaseConnectionString);
        await database.OpenAsync();
        var stored = await CountRowsAsync(database);
        var unsent = 0;

        for (var i = 0; i < run.Iterations; i++)
        {
            var (request, description, kestrelMayRefuse) = requests.Next(fleet.ApiKey);
            using var _ = request;
            HttpResponseMessage response;
            // A CR/LF in a header makes the client send two requests on one connection (it does not check), and
            // Kestrel's 400 for the second would be read as the answer to whatever goes next on that connection:
            // such requests get a connection of their own.
            using var ownConnection = kestrelMayRefuse ? NewClient() : null;
            try
            {
                response = await (ownConnection ?? client).SendAsync(request);
            }
            catch (HttpRequestException)
            {
                // The client refused to send it (a header it cannot encode) or Kestrel dropped the connection; the
                // process must still answer.
                unsent++;
                await AssertAliveAsync(run, i, description);
                continue;
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                if (status >= 500 && !(status == 503 && response.Headers.RetryAfter is not null))
                    run.Fail(i, $"answered {status}: {body}", description);
                if (status >= 400 && request.Method != HttpMethod.Head && !(kestrelMayRefuse && status is 400 or 414 or 431))
                    AssertProblem(run, i, description, response, status, body);
                var now = await CountRowsAsync(database);
                if (response.StatusCode != HttpStatusCode.Created && now != stored)
                    run.Fail(i, $"answered {status} yet rows changed from {stored} to {now}", description);
                stored = now;
            }
            if (fleet.Coordinator.HasExited)
                run.Fail(i, "the coordinator exited", description);
        }

        run.AssertNoFailures();
        TestContext.Progress.WriteLine($"fuzz: {run.Iterations} requests, {unsent} not sent by the client; rows now {stored}");
        await AssertAliveAsync(run, run.Iterations, "after the run");
        var item = await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" } });
        Assert.That(item.GetProperty("state").GetString(), Is.Not.Empty, "a valid submission after the run is still stored");
    }

    HttpClient NewClient() => new() { BaseAddress = new Uri(fleet.Url), Timeout = TimeSpan.FromSeconds(60) };

    static void AssertProblem(FuzzRun run, int iteration, string description, HttpResponseMessage response, int status, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            run.Fail(iteration, $"answered {status} as '{response.Content.Headers.ContentType}', not application/problem+json: {body}", description);
            return;
        }
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (!problem.RootElement.TryGetProperty("status", out var code) || code.GetInt32() != status)
                run.Fail(iteration, $"the problem's status is not {status}: {body}", description);
        }
        catch (JsonException exception)
        {
            run.Fail(iteration, $"answered {status} with a body that is not JSON ({exception.Message}): {body}", description);
        }
    }

    async Task AssertAliveAsync(FuzzRun run, int iteration, string description)
    {
        try
        {
            using var live = await fleet.Api.GetAsync("/health/live");
            if (live.StatusCode != HttpStatusCode.OK)
                run.Fail(iteration, $"/health/live answered {(int)live.StatusCode}", description);
        }
        catch (HttpRequestException exception)
        {
            run.Fail(iteration, $"the coordinator no longer answers: {exception.Message}", description);
        }
    }

    /// <summary>Every table a request could write, as one comparable text.</summary>
    static async Task<string> CountRowsAsync(NpgsqlConnection database) =>
        await database.QuerySingleAsync<string>("""
            select concat_ws(' ', 'items', (select count(*) from work_items), 'specs', (select count(*) from work_item_specs),
              'attempts', (select count(*) from attempts), 'keys', (select count(*) from idempotency_keys),
              'chunks', (select count(*) from transcript_chunks), 'workers', (select count(*) from workers))
            """);
}
