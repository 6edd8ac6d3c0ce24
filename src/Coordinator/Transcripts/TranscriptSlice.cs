namespace Stamina.Coordinator.Transcripts;

/// <summary>
/// Part of a transcript: the bytes from the asked offset, the whole length so far, and whether more can come
/// (<see cref="AttemptEndedAt"/> lets the endpoint call it complete when a dead worker never sent its last chunk).
/// </summary>
public sealed record TranscriptSlice(byte[] Data, long Length, bool Complete, bool Truncated, DateTimeOffset? AttemptEndedAt);
