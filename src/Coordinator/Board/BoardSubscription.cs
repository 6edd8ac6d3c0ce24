using System.Threading.Channels;

namespace Stamina.Coordinator.Board;

/// <summary>One listener's bounded buffer; disposing it leaves the hub.</summary>
public sealed class BoardSubscription(BoardEventHub hub, int capacity) : IDisposable
{
    readonly Channel<BoardEvent> channel = Channel.CreateBounded<BoardEvent>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ChannelReader<BoardEvent> Reader => channel.Reader;

    /// <summary>False when the buffer is full: the listener is too slow and its stream is ended instead of growing.</summary>
    internal bool TryWrite(BoardEvent boardEvent)
    {
        if (channel.Writer.TryWrite(boardEvent))
            return true;
        channel.Writer.TryComplete();
        return false;
    }

    public void Dispose()
    {
        channel.Writer.TryComplete();
        hub.Leave(this);
    }
}
