namespace Stamina.Coordinator.Dispatch;

/// <summary>What the broker says about a pool's queue right now.</summary>
public readonly record struct PoolQueueState(uint ReadyMessages, uint Consumers);
