using Microsoft.Extensions.Options;

namespace Stamina.Coordinator.Board;

/// <summary>Fans the poller's events out to the open streams; at most <see cref="BoardSettings.MaxSubscribers"/> of them.</summary>
public sealed class BoardEventHub(IOptions<BoardSettings> settings)
{
    readonly Lock gate = new();
    readonly List<BoardSubscription> subscribers = [];

    public bool HasSubscribers
    {
        get
        {
            lock (gate)
                return subscribers.Count > 0;
        }
    }

    /// <summary>A new subscription, or null when the cap is reached.</summary>
    public BoardSubscription? TrySubscribe()
    {
        lock (gate)
        {
            if (subscribers.Count >= settings.Value.MaxSubscribers)
                return null;
            var subscription = new BoardSubscription(this, settings.Value.SubscriberBuffer);
            subscribers.Add(subscription);
            return subscription;
        }
    }

    public void Publish(BoardEvent boardEvent)
    {
        BoardSubscription[] listeners;
        lock (gate)
            listeners = [.. subscribers];
        foreach (var listener in listeners)
        {
            if (!listener.TryWrite(boardEvent))
                Leave(listener);
        }
    }

    internal void Leave(BoardSubscription subscription)
    {
        lock (gate)
            subscribers.Remove(subscription);
    }
}
