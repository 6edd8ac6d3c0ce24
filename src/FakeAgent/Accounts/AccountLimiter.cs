namespace Stamina.FakeAgent.Accounts;

/// <summary>Decides whether one more run of an account hits its usage limit. Pure: the clock comes in as <c>now</c>.</summary>
static class AccountLimiter
{
    /// <summary>The state after this run, and the limit's end when this run hits it.</summary>
    public static (AccountLimitState Next, DateTimeOffset? LimitedUntil) Admit(
        AccountLimitSettings settings, AccountLimitState state, DateTimeOffset now)
    {
        var counted = state with { Runs = state.Runs + 1 };
        if (state.LimitedUntil is { } until && now < until)
            return (counted, until);
        if (counted.Windows < settings.Times && state.RunsSinceWindow >= settings.AfterRuns)
        {
            var end = now + settings.ResetIn;
            return (counted with { Windows = counted.Windows + 1, RunsSinceWindow = 0, LimitedUntil = end }, end);
        }
        return (counted with { RunsSinceWindow = state.RunsSinceWindow + 1 }, null);
    }
}
