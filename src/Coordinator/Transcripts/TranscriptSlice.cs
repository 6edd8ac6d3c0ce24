namespace Stamina.Coordinator.Transcripts;

// A worker that died never sends its last chunk: an attempt ended this long ago has nothing more to come.

/// <summary>Part of a transcript: the bytes from the asked offset, the whole length so far, and whether more can come.</summary>
public sealed record TranscriptSlice(byte[] Data, long Length, bool Complete, bool Truncated, DateTimeOffset? AttemptEndedAt);
