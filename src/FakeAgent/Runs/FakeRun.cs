using System.Diagnostics;
using System.Text.Json.Nodes;
using Stamina.FakeAgent.Dialects;
using Stamina.FakeAgent.Directives;
using Stamina.FakeAgent.Output;

namespace Stamina.FakeAgent.Runs;

/// <summary>Plays one directive through a dialect: start, turns that really edit FAKE_AGENT.md, one ending.</summary>
sealed class FakeRun(
    Directive directive,
    RunSession session,
    IAgentDialect dialect,
    EventWriter writer,
    RunTotals totals,
    TimeProvider time)
{
    readonly WorkLog log = new(session.WorkingDirectory);
    bool resumeAnnounced;

    /// <summary>What a successful run says last, when its prompt scripted a verdict.</summary>
    public FinalAnswer? Answer { get; init; }

    /// <summary>Runs to the end and returns the exit code; hang and stall never return.</summary>
    /// <param name="accountLimitedUntil">Set when the account's limit is hit: the run ends at once, with no edits.</param>
    public int Execute(DateTimeOffset? accountLimitedUntil)
    {
        dialect.Start();
        if (accountLimitedUntil is { } until)
            return dialect.UsageLimit(until);
        return directive.Behaviour switch
        {
            Behaviour.Succeed => RunTurns(honourLimits: true) ?? Finish(),
            Behaviour.Fail => RunTurns(honourLimits: true) ?? dialect.Fail("The fake agent failed as directed (fake: fail)."),
            Behaviour.Hang => Hang(),
            Behaviour.Stall => Stall(),
            Behaviour.UsageLimit => RunTurns(honourLimits: true) ?? dialect.UsageLimit(time.GetUtcNow() + directive.ResetIn),
            Behaviour.AuthFailure => dialect.AuthFailure(),
            Behaviour.Garbage => Garbage(),
            Behaviour.Crash => Crash(),
            Behaviour.OverrunBudget => RunTurns(honourLimits: false) ?? Finish(),
            _ => throw new UnreachableException($"no plan for {directive.Behaviour}"),
        };
    }

    /// <summary>Runs the directive's turns; returns the exit code of a turn or budget limit that ended the run early.</summary>
    int? RunTurns(bool honourLimits, Action? betweenTurns = null)
    {
        var invocation = session.Invocation;
        for (var turn = 1; turn <= directive.Turns; turn++)
        {
            Pause(directive.Delay);
            if (turn > 1)
                betweenTurns?.Invoke();
            AnnounceResume();
            var usage = totals.AddTurn(directive.CostPerTurn);
            var line = session.WorkLine(turn);
            dialect.Turn(usage, () => log.Append(line));
            if (!honourLimits || turn == directive.Turns)
                continue;
            if (invocation.MaxTurns is { } maxTurns && turn >= maxTurns)
                return dialect.TurnLimit();
            if (invocation.MaxBudgetUsd is { } budget && totals.CostUsd >= budget)
                return dialect.BudgetLimit();
        }
        return null;
    }

    void AnnounceResume()
    {
        if (!session.Resumed || resumeAnnounced)
            return;
        resumeAnnounced = true;
        dialect.Resumed();
        log.Append($"resumed {session.SessionId}");
    }

    int Finish()
    {
        Pause(directive.Sleep);
        return dialect.Succeed(directive.ExitCode, Answer);
    }

    int Hang()
    {
        RunTurns(honourLimits: false);
        for (var count = 1; ; count++)
        {
            Pause(directive.Every);
            dialect.StillWorking(count);
        }
    }

    int Stall()
    {
        RunTurns(honourLimits: false);
        while (true)
            Thread.Sleep(Timeout.Infinite);
    }

    int Garbage()
    {
        const string notJson = "Loading configuration... (this line is not JSON)";
        writer.Line(notJson);
        writer.Emit(new JsonObject { ["type"] = "fake_unknown_event", ["detail"] = new JsonObject { ["note"] = "no reader knows this type" } });
        writer.Line(dialect.HalfEvent);
        writer.Raw([0xFF, 0xFE, 0xC3, 0x28, 0x80, (byte)'\n']);
        return RunTurns(honourLimits: true, betweenTurns: () => writer.Line(notJson)) ?? Finish();
    }

    int Crash()
    {
        RunTurns(honourLimits: false);
        writer.Raw(System.Text.Encoding.UTF8.GetBytes(dialect.HalfEvent));
        // SIGKILL to itself: no handler runs, nothing is flushed, as when the OOM killer strikes.
        Process.GetCurrentProcess().Kill();
        Environment.FailFast("stamina-fake-agent: crashing as directed (fake: crash)");
        return 137;
    }

    static void Pause(TimeSpan span)
    {
        if (span > TimeSpan.Zero)
            Thread.Sleep(span);
    }
}
