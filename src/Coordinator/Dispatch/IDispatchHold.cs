using System.Data.Common;

namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// One source of reasons not to release queued items this dispatch pass: a paused pool, a spend cap, an open circuit
/// breaker. The dispatcher asks every registered hold each pass and releases nothing a scope covers (beyond its
/// <see cref="DispatchHoldScope.Allow"/>); the API shows the same scopes as the items' waiting reasons.
/// </summary>
public interface IDispatchHold
{
    Task<IReadOnlyList<DispatchHoldScope>> ReadAsync(DbConnection connection, DateTimeOffset now, CancellationToken cancellationToken);
}
