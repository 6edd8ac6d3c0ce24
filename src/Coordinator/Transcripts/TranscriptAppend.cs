namespace Stamina.Coordinator.Transcripts;

/// <summary>What became of a transcript chunk.</summary>
public enum TranscriptAppend
{
    Appended,

    /// <summary>A duplicate or out-of-order chunk: not at the transcript's current end, ignored.</summary>
    NotAtEnd,

    /// <summary>The attempt does not exist, or the chunk does not come from its holder: dropped.</summary>
    Forged,
}
