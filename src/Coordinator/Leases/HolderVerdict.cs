namespace Stamina.Coordinator.Leases;

/// <summary>Whether a redelivered claim may take over at once, or when to ask again.</summary>
/// <param name="Dead">The holder's queues stayed gone through the confirmation window.</param>
/// <param name="AskAgainIn">When the claimant should ask again (the window's rest), or null: the silence rule decides.</param>
public sealed record HolderVerdict(bool Dead, TimeSpan? AskAgainIn)
{
    public static readonly HolderVerdict Undecided = new(false, null);
    public static readonly HolderVerdict Confirmed = new(true, null);

    public static HolderVerdict AskAgain(TimeSpan after) => new(false, after);
}
