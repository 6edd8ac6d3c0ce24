namespace Stamina.FakeAgent;

/// <summary>The <c>--help</c> text: the reference for anyone writing a test with the fake.</summary>
static class HelpText
{
    public const string Text = """
        stamina-fake-agent: a TEST DOUBLE. It imitates the command lines and the JSON event streams of
        claude, codex and gemini, and does NO AI work: it never calls a model or the network. What it does
        is read from "fake:" directives in the prompt. Each turn really appends a line to FAKE_AGENT.md in
        its working directory.

        DIALECT (from argv; unknown flags are accepted and ignored)
          codex   first argument is "exec":  exec --json [-m M] [-s S] [--skip-git-repo-check] [-C DIR] -
                                             exec resume <ID>|--last --json ... -
          claude  --verbose, or -p as a bare flag with --output-format stream-json:
                  -p --output-format stream-json --verbose [--session-id UUID | --resume ID] [--model M]
                  [--max-turns N] [--max-budget-usd X] [--append-system-prompt T] [--permission-mode M]
                  [--allowedTools a,b] [--dangerously-skip-permissions] [--json-schema SCHEMA]
          gemini  anything else:  -p TEXT -o stream-json [-m M] [--yolo] [--session-id ID | --resume ID]
                  turn limit: model.maxSessionTurns in $GEMINI_CLI_HOME/.gemini/settings.json (exit 53)
        The prompt is stdin (codex: its positional prompt unless "-", plus stdin; gemini: stdin, then -p TEXT).
          login status   (codex's login check) exit 0, or "Not logged in" and exit 1 when $CODEX_HOME
                         holds a file named fake-logged-out.

        DIRECTIVES (lines of the prompt; anything else in the prompt is ignored)
          fake: BEHAVIOUR [key=value ...]      for every attempt
          fake[N]: BEHAVIOUR [key=value ...]   only when the environment has STAMINA_ATTEMPT=N
          A matching fake[N] line wins over plain ones; among equals the last line wins. No directive: succeed.
          A line of keys only ("fake: sleep=5s") modifies succeed. Every fake line is checked, even one for
          another attempt: an unknown behaviour or key, or a bad value, prints an error and exits 2.
          Durations need a unit: 250ms, 1.5s, 2m, 1h (at most 24h). Costs are USD like 0.25.

        VERDICTS (for a reviewer step; the worker sets STAMINA_REVIEW_ROUND for one)
          fake-verdict: KIND [TEXT]             for every review round
          fake-verdict[round=N]: KIND [TEXT]    only when STAMINA_REVIEW_ROUND=N (wins over plain lines)
          KIND approve|revise|block: a successful run ends with that verdict, TEXT its feedback (block: its reason).
            With claude --json-schema it is the result's "structured_output"; otherwise a ```json block closes
            the final message (claude result text, codex agent_message, gemini assistant message).
          KIND none: no verdict.  KIND raw: TEXT is the whole final message (to test broken verdicts).

        BEHAVIOURS (defaults in brackets; every behaviour also takes the other keys)
          succeed        [turns=3 delay=100ms cost=0.01 sleep=0s exit=0]  turns, then a success result.
                         sleep: pause before the final result. exit: exit code after the success stream.
          fail           [turns=1]  turns, then an error: claude result error_during_execution (is_error true,
                         "errors", no "result"); codex error + turn.failed; gemini error + result error. Exit 1.
          hang           [turns=1 every=1s]  turns, then a "Still working (n)" event every interval, forever.
          stall          [turns=1]  turns, then no output at all, forever.
          usage-limit    [turns=0 reset-in=20s]  turns, then the CLI's usage-limit ending, exit 1:
                         claude rate_limit_event status "rejected" (resetsAt epoch s, rateLimitType five_hour)
                         and result subtype success, is_error true, "You've hit your limit · resets 11:46pm (UTC)";
                         codex error + turn.failed "You've hit your usage limit. ... try again at Nov 25th, 2026
                         11:46 PM."; gemini error + result error "[API Error: 429 RESOURCE_EXHAUSTED: ... reset
                         after 20s.]". Clock times are UTC, rounded up to the minute.
          auth-failure   no turns. claude result subtype success, is_error true, "Not logged in · Please run
                         /login", exit 1; codex error + turn.failed "Not logged in. Run `codex login` ...", exit 1;
                         gemini error + result error (and the text on stderr), exit 41.
          garbage        [like succeed]  after the start: a non-JSON line, a JSON event of unknown type
                         "fake_unknown_event", a truncated JSON line, a line of invalid UTF-8 bytes; a non-JSON
                         line between turns; then succeeds normally.
          crash          [turns=0]  turns, then half an event without a newline, then SIGKILL to itself (137).
          overrun-budget [turns=40 delay=200ms cost=0.5]  ignores --max-turns and --max-budget-usd; ends with
                         a success result whose total_cost_usd is turns x cost.
          Keys: turns=N  delay=DURATION (before each turn)  cost=USD (per turn)  sleep=DURATION  exit=0..255
                every=DURATION (hang)  reset-in=DURATION (usage-limit)

        LIMITS
          claude --max-turns N: after N turns with more to do, result error_max_turns (is_error false!), exit 1.
          claude --max-budget-usd X: once the cost reaches X with more to do, result error_max_budget_usd, exit 1.
          gemini maxSessionTurns: error + result error (FatalTurnLimitedError), exit 53.

        FILES
          FAKE_AGENT.md (working directory): "attempt <STAMINA_ATTEMPT or -> session <id> turn <k>" per turn;
          "resumed <id>" before the first turn of a resumed run (which also starts with "Resumed session <id>").
          Account limit: <config dir>/fake-agent.json, e.g. {"usageLimit":{"afterRuns":2,"resetInSeconds":20,"times":1}}
          (config dir = CLAUDE_CONFIG_DIR | CODEX_HOME | GEMINI_CLI_HOME by dialect). Runs are counted in
          fake-agent-state.json there, under an exclusive lock. Run afterRuns+1 hits the limit for resetInSeconds;
          every run before then hits it too; later runs go on; after "times" windows, no more limits. A run that
          hits the account limit starts, then ends as usage-limit with no turns and no edits, whatever its directive.

        SIGNALS AND EXIT CODES
          SIGTERM exits 143 at once, SIGINT 130. 0 success (or exit=N), 1 error or limit, 2 bad directive or
          argv, 41 gemini auth, 53 gemini turn limit, 137 crash.
        """;
}
