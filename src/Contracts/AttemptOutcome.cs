namespace Stamina.Contracts;

public enum AttemptOutcome
{
    Succeeded,
    Failed,
    TimedOut,

    /// <summary>Handed back without a failure (worker shutdown); the item goes back to the queue.</summary>
    Released,
}
