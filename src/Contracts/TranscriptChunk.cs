namespace Stamina.Contracts;

/// <summary>
/// A piece of an attempt's raw agent event stream, in order. <see cref="Offset"/> makes a duplicate or
/// out-of-order chunk harmless: the coordinator appends only at the current end.
/// </summary>
public record TranscriptChunk
{
    public Guid WorkItemId { get; init; }
    public int Attempt { get; init; }

    /// <summary>The worker the attempt was granted to.</summary>
    public string Worker { get; init; } = "";

    /// <summary>The attempt's secret from its claim grant: a chunk without it is dropped.</summary>
    public AttemptSecret? Secret { get; init; }

    public long Offset { get; init; }
    public byte[] Data { get; init; } = [];

    /// <summary>The attempt is over: nothing more will come.</summary>
    public bool Final { get; init; }

    /// <summary>The worker stopped sending at its size cap; the rest of the stream was dropped.</summary>
    public bool Truncated { get; init; }
}
