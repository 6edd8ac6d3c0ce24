using System.Text.Json;
using Stamina.Contracts;

namespace Stamina.Worker.Agents;

/// <summary>
/// What the three CLI streams share: defensive line parsing, a thread-safe progress snapshot, and the
/// order of the ending classification (see <see cref="Classify"/>). Subclasses read their own events.
/// </summary>
public abstract class AgentStream : IAgentStream
{
    const int KeptErrors = 20;
    const int KeptErrorLength = 4000;

    static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 128 };

    readonly Lock gate = new();
    readonly Queue<string> errors = new();
    AgentProgress progress = new();
    string? finalText;

    protected AgentStream(TimeProvider clock)
    {
        Clock = clock;
        Limits = new UsageLimitText(clock);
    }

    protected TimeProvider Clock { get; }

    protected UsageLimitText Limits { get; }

    /// <summary>The progress as events build it; only touched under the stream's lock.</summary>
    protected AgentProgress Current
    {
        get => progress;
        set => progress = value;
    }

    /// <summary>
    /// The model the worker asked for, shown until the CLI's own events name one. Codex never names it, and the
    /// coordinator prices token-only runs by model (its price table).
    /// </summary>
    public void AssumeModel(string? model)
    {
        lock (gate)
        {
            if (progress.Model is null && !string.IsNullOrWhiteSpace(model))
                progress = progress with { Model = model };
        }
    }

    /// <summary>A structured "limit rejected" signal (Claude's rate_limit_event); wins over any text.</summary>
    protected bool LimitRejected { get; set; }

    protected DateTimeOffset? LimitRejectedResetsAt { get; set; }

    public AgentProgress Progress
    {
        get
        {
            lock (gate)
            {
                return progress;
            }
        }
    }

    public string? FinalText
    {
        get
        {
            lock (gate)
            {
                return finalText;
            }
        }
        protected set => finalText = value;
    }

    public void Observe(string line)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                return;
            }
            lock (gate)
            {
                // Any output is a sign of life, even a line we cannot read.
                progress = progress with { LastEventAt = Clock.GetUtcNow() };
                using var document = JsonDocument.Parse(line, ParseOptions);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    OnEvent(document.RootElement);
                }
            }
        }
        catch (Exception)
        {
            // Not JSON, truncated, or an event shape we did not expect: skip the line, keep the stream.
        }
    }

    /// <summary>
    /// Order: the worker's own kill reasons; then, unless the run is a clean success, a usage limit and a
    /// login failure (structured signals first, then texts from error events, error results and stderr);
    /// then the CLI's own result; and without any result, <see cref="AgentEndingKind.Crashed"/>.
    /// </summary>
    public AgentEnding Classify(AgentExit exit)
    {
        try
        {
            lock (gate)
            {
                return ClassifyCore(exit);
            }
        }
        catch (Exception e)
        {
            return new AgentEnding(AgentEndingKind.Crashed, EndingText.Cut($"The ending could not be read: {e.Message}"));
        }
    }

    /// <summary>Reads one event (a JSON object). May throw; the line is then skipped.</summary>
    protected abstract void OnEvent(JsonElement root);

    /// <inheritdoc cref="IAgentStream.StructuredOutput"/>
    public virtual string? StructuredOutput => null;

    /// <summary>The CLI reported success, the process exited 0, and nothing else says otherwise.</summary>
    protected abstract bool IsCleanSuccess(AgentExit exit);

    /// <summary>The ending read from the CLI's own result events; null when it never reported one.</summary>
    protected abstract AgentEnding? ClassifyOutcome(AgentExit exit);

    /// <summary>A CLI-specific structured sign of a login failure (an exit code, an API status).</summary>
    protected virtual bool SaysAuthFailure(AgentExit exit) => false;

    /// <summary>Keeps an error text for classification (bounded: the last few).</summary>
    protected void NoteError(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        errors.Enqueue(EndingText.Cut(text, KeptErrorLength));
        if (errors.Count > KeptErrors)
        {
            errors.Dequeue();
        }
    }

    /// <summary>The last error text kept, for messages.</summary>
    protected string? LastError => errors.Count > 0 ? errors.Last() : null;

    /// <summary>An error ending: retried as a crash when the error is an API or network failure.</summary>
    protected static AgentEnding Failure(string message) => new(
        TransientErrorText.Matches(message) ? AgentEndingKind.Crashed : AgentEndingKind.AgentError,
        EndingText.Cut(message));

    AgentEnding ClassifyCore(AgentExit exit)
    {
        if (KillReason(exit) is { } killed)
        {
            return killed;
        }
        if (!IsCleanSuccess(exit))
        {
            var texts = errors.Append(exit.StandardErrorTail).ToList();
            if (UsageLimit(texts) is { } limit)
            {
                return limit;
            }
            if (SaysAuthFailure(exit) || texts.Any(AuthFailureText.Matches))
            {
                var said = texts.LastOrDefault(AuthFailureText.Matches) ?? LastError ?? EndingText.Tail(exit.StandardErrorTail);
                return new AgentEnding(AgentEndingKind.AuthFailure, EndingText.Cut($"The agent could not log in: {said}"));
            }
        }
        return ClassifyOutcome(exit) ?? NoResult(exit);
    }

    static AgentEnding? KillReason(AgentExit exit)
    {
        if (exit.Stalled)
        {
            return new AgentEnding(AgentEndingKind.Stall, "Stopped by the worker: no output from the agent within the stall timeout.");
        }
        if (exit.OverBudget)
        {
            return new AgentEnding(AgentEndingKind.MaxBudget, "Stopped by the worker: the agent's cost passed the budget.");
        }
        if (exit.OverTurns)
        {
            return new AgentEnding(AgentEndingKind.MaxTurns, "Stopped by the worker: the agent passed the turn limit.");
        }
        if (exit.TimedOut)
        {
            return new AgentEnding(AgentEndingKind.Timeout, "Stopped by the worker: the attempt ran out of time.");
        }
        return null;
    }

    AgentEnding? UsageLimit(List<string> texts)
    {
        DateTimeOffset? resetsAt = null;
        var said = (string?)null;
        foreach (var text in texts)
        {
            if (Limits.TryRead(text, out var textResetsAt))
            {
                said ??= text;
                resetsAt ??= textResetsAt;
            }
        }
        if (!LimitRejected && said is null)
        {
            return null;
        }
        var at = LimitRejectedResetsAt ?? resetsAt;
        var message = said ?? "The agent's rate limit rejected the request.";
        return new AgentEnding(AgentEndingKind.UsageLimit, EndingText.Cut($"Usage limit: {message}"), at);
    }

    AgentEnding NoResult(AgentExit exit)
    {
        // Exit 0 without a result is a broken protocol, not the item's fault: it is retried like a crash.
        var how = exit.KilledByUs ? "was stopped by the worker" : exit.ExitCode > 128 ? $"was killed by signal {exit.ExitCode - 128}" : $"exited with code {exit.ExitCode}";
        var stderr = EndingText.Tail(exit.StandardErrorTail, 1500);
        var message = $"The agent {how} without a result."
            + (LastError is { } error ? $" Last error: {EndingText.Cut(error, 400)}" : "")
            + (stderr.Length > 0 ? $" stderr: {stderr}" : "");
        return new AgentEnding(AgentEndingKind.Crashed, EndingText.Cut(message));
    }
}
