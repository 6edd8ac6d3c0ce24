using Stamina.Coordinator.Items;

namespace Stamina.Coordinator.Spend;

/// <summary>
/// A spend cap that is reached now: <see cref="Kind"/> day, batch or account (<see cref="Kinds"/>), <see cref="Key"/>
/// the day, the batch id or the account, and <see cref="Id"/> naming this reaching once (a cap reached again on another
/// day is another one), which the notification is sent for.
/// </summary>
public sealed record SpendCapReached(string Kind, string Key, decimal LimitUsd, decimal SpentUsd, WaitingReason Reason)
{
    public string Id => Kind == Kinds.Batch ? $"{Kind}:{Key}" : $"{Kind}:{Key}:{Reason.Until:yyyy-MM-ddTHH:mm}";

    public static class Kinds
    {
        public const string Day = "day";
        public const string Batch = "batch";
        public const string Account = "account";
    }
}
