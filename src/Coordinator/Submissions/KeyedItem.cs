namespace Stamina.Coordinator.Submissions;

/// <summary>The item an idempotency key names, and the fingerprint of the request that named it.</summary>
public sealed class KeyedItem
{
    public Guid ItemId { get; set; }
    public string Fingerprint { get; set; } = "";
}
