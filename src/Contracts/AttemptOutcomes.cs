namespace Stamina.Contracts;

/// <summary>How an attempt ended, as stored in its row and shown by the API and the CLI.</summary>
public static class AttemptOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string TimedOut = "timedOut";

    /// <summary>Handed back without a failure (shutdown, usage limit, login, restart, outage).</summary>
    public const string Released = "released";

    /// <summary>Its holder went silent: counted apart from failures, with its own cap.</summary>
    public const string Lost = "lost";

    public const string Cancelled = "cancelled";

    /// <summary>The stored name of a reported outcome.</summary>
    public static string Of(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Succeeded => Succeeded,
        AttemptOutcome.TimedOut => TimedOut,
        AttemptOutcome.Released => Released,
        _ => Failed,
    };
}
