using System.Text;
using Stamina.Cli.Tests.Infrastructure;

namespace Stamina.Cli.Tests.Commands;

public class LogsCommandTests
{
    const string Id = SampleAgentJson.AgentId;

    [Test]
    public async Task When_showing_logs_Should_print_the_latest_attempts_bytes_unchanged_even_invalid_utf8()
    {
        byte[] transcript = [.. "{\"type\":\"system\",\"subtype\":\"init\"}\n"u8, 0xFF, 0xFE, 0xC3, (byte)'\n', .. "caf\u00e9\n"u8];
        await using var coordinator = LoopbackCoordinator.Start()
            .On("GET", $"/api/items/{Id}", 200, SampleAgentJson.RunningAgentItem)
            .OnSequence("GET", TranscriptResponses.Path(Id, 2, 0), TranscriptResponses.Chunk(transcript, transcript.Length, complete: false));

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "logs", Id));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.RawStdout, Is.EqualTo(transcript), "the bytes reach stdout as the coordinator sent them");
        Assert.That(coordinator.Requests.Select(r => r.PathAndQuery),
            Is.EqualTo(new[] { $"/api/items/{Id}", TranscriptResponses.Path(Id, 2, 0) }), "without --follow, one read of what there is");
        Assert.That(result.Stderr, Is.Empty);
    }

    [Test]
    public async Task When_an_attempt_is_given_Should_read_that_attempts_transcript_without_looking_up_the_item()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .OnSequence("GET", TranscriptResponses.Path(Id, 1, 0), TranscriptResponses.Chunk("first attempt\n", 14, complete: true));

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "logs", Id, "--attempt", "1"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(coordinator.SingleRequest.PathAndQuery, Is.EqualTo(TranscriptResponses.Path(Id, 1, 0)));
        Assert.That(result.Stdout, Is.EqualTo("first attempt\n"));
    }

    [Test]
    public async Task When_following_Should_poll_from_the_offset_reached_until_the_transcript_is_complete()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .On("GET", $"/api/items/{Id}", 200, SampleAgentJson.RunningAgentItem)
            .OnSequence("GET", TranscriptResponses.Path(Id, 2, 0), TranscriptResponses.Chunk("one\n", 4, complete: false))
            .OnSequence("GET", TranscriptResponses.Path(Id, 2, 4),
                TranscriptResponses.Chunk("", 4, complete: false),
                TranscriptResponses.Chunk("two\nthr", 11, complete: false))
            .OnSequence("GET", TranscriptResponses.Path(Id, 2, 11), TranscriptResponses.Chunk("ee\n", 14, complete: true));

        var result = await CliRunner.RunOnFakeClockAsync(CliRunner.Against(coordinator, "logs", Id, "--follow"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Is.EqualTo("one\ntwo\nthree\n"));
        Assert.That(coordinator.Requests.Skip(1).Select(r => r.PathAndQuery), Is.EqualTo(new[]
        {
            TranscriptResponses.Path(Id, 2, 0), TranscriptResponses.Path(Id, 2, 4), TranscriptResponses.Path(Id, 2, 4),
            TranscriptResponses.Path(Id, 2, 11),
        }));
    }

    [Test]
    public async Task When_following_an_item_without_attempts_Should_wait_for_the_first_one()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .OnSequence("GET", $"/api/items/{Id}",
                new CannedResponse(200, SampleAgentJson.Item(Id, "Queued")),
                new CannedResponse(200, SampleAgentJson.Item(Id, "Queued")),
                new CannedResponse(200, SampleAgentJson.Item(Id, "Running", attempt: 1)))
            .OnSequence("GET", TranscriptResponses.Path(Id, 1, 0), TranscriptResponses.Chunk("started\n", 8, complete: true));

        var result = await CliRunner.RunOnFakeClockAsync(CliRunner.Against(coordinator, "logs", Id, "--follow"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout, Is.EqualTo("started\n"));
        Assert.That(coordinator.Requests.Count(r => r.Path == $"/api/items/{Id}"), Is.EqualTo(3));
    }

    [Test]
    public async Task When_the_item_has_no_attempts_and_no_follow_Should_exit_6_and_suggest_follow()
    {
        await using var coordinator = LoopbackCoordinator.Start().On("GET", $"/api/items/{Id}", 200, SampleAgentJson.Item(Id, "Queued"));

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "logs", Id));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotFound), result.ToString());
        Assert.That(result.Stderr, Does.Contain("has no attempts yet; --follow waits"));
    }

    [Test]
    public async Task When_the_attempt_does_not_exist_Should_exit_6_with_the_coordinators_reason()
    {
        await using var coordinator = LoopbackCoordinator.Start()
            .OnProblem("GET", TranscriptResponses.Path(Id, 9, 0), 404, "Not found.", "item has no attempt 9");

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "logs", Id, "--attempt", "9"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotFound), result.ToString());
        Assert.That(result.Stderr, Does.Contain("item has no attempt 9"));
        Assert.That(result.RawStdout, Is.Empty);
    }

    [Test]
    public async Task When_the_transcript_was_truncated_Should_say_so_on_stderr()
    {
        await using var coordinator = LoopbackCoordinator.Start().OnSequence("GET", TranscriptResponses.Path(Id, 1, 0),
            TranscriptResponses.Chunk(Encoding.UTF8.GetBytes("x\n"), 2, complete: true, truncated: true));

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "logs", Id, "--attempt", "1"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stderr, Does.Contain("was cut at the worker's size limit"));
    }

    [Test]
    public async Task When_pretty_Should_print_one_line_per_text_tool_use_and_result()
    {
        const string claude = """
            {"type":"system","subtype":"init","session_id":"sess-42","model":"claude-sonnet-4-5","tools":["Bash"]}
            {"type":"assistant","message":{"content":[{"type":"text","text":"Running the tests.\nThen fixing."},{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"make test"}}]}}
            {"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t1","content":"2 failed","is_error":true}]}}
            {"type":"rate_limit_event","rate_limit_info":{"status":"allowed"}}
            not json at all
            {"type":"result","subtype":"success","is_error":false,"num_turns":7,"result":"Fixed the lease test.","total_cost_usd":0.4215,"usage":{"input_tokens":12345,"output_tokens":2100}}
            """;
        await using var coordinator = LoopbackCoordinator.Start()
            .OnSequence("GET", TranscriptResponses.Path(Id, 1, 0), TranscriptResponses.Chunk(claude, claude.Length, complete: true));

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "logs", Id, "--attempt", "1", "--pretty"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "[init] session sess-42, model claude-sonnet-4-5",
            "[text] Running the tests. Then fixing.",
            """[tool] Bash {"command":"make test"}""",
            "[tool error] 2 failed",
            "not json at all",
            "[result] success, 7 turns, tokens 12.3k in / 2.1k out, $0.4215: Fixed the lease test.",
        }));
    }

    [Test]
    public async Task When_pretty_on_codex_and_gemini_events_Should_summarise_them_too()
    {
        const string events = """
            {"type":"thread.started","thread_id":"th-1"}
            {"type":"item.completed","item":{"id":"i1","type":"command_execution","command":"bash -lc 'make test'","exit_code":0,"status":"completed"}}
            {"type":"item.completed","item":{"id":"i2","type":"agent_message","text":"All green."}}
            {"type":"turn.completed","usage":{"input_tokens":5000,"cached_input_tokens":100,"output_tokens":300}}
            {"type":"tool_use","tool_name":"read_file","tool_id":"g1","parameters":{"path":"a.cs"}}
            {"type":"result","status":"success","stats":{"total_tokens":900,"input_tokens":800,"output_tokens":100,"tool_calls":3}}
            """;
        await using var coordinator = LoopbackCoordinator.Start()
            .OnSequence("GET", TranscriptResponses.Path(Id, 1, 0), TranscriptResponses.Chunk(events, events.Length, complete: true));

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "logs", Id, "--attempt", "1", "--pretty"));

        Assert.That(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "[init] thread th-1",
            "[tool] shell bash -lc 'make test' (exit 0)",
            "[text] All green.",
            "[turn] tokens 5k in / 300 out",
            """[tool] read_file {"path":"a.cs"}""",
            "[result] success, tokens 800 in / 100 out, 3 tool calls",
        }), result.ToString());
    }

    [Test]
    public async Task When_pretty_on_an_event_escaping_a_lone_surrogate_Should_print_the_line_as_it_is_and_go_on()
    {
        // An agent that cuts text by UTF-16 length escapes half a pair; System.Text.Json refuses to read it.
        const string events = """
            {"type":"assistant","message":{"content":[{"type":"text","text":"cut \ud83d"}]}}
            {"type":"result","subtype":"success","is_error":false,"num_turns":1,"result":"done","usage":{"input_tokens":10,"output_tokens":2}}
            """;
        await using var coordinator = LoopbackCoordinator.Start()
            .OnSequence("GET", TranscriptResponses.Path(Id, 1, 0), TranscriptResponses.Chunk(events, events.Length, complete: true));

        var result = await CliRunner.RunAsync(CliRunner.Against(coordinator, "logs", Id, "--attempt", "1", "--pretty"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.ToString());
        Assert.That(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            """{"type":"assistant","message":{"content":[{"type":"text","text":"cut \ud83d"}]}}""",
            "[result] success, 1 turns, tokens 10 in / 2 out: done",
        }), result.ToString());
    }
}
