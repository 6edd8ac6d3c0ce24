namespace Stamina.Cli.Api;

/// <summary>
/// A piece of an attempt's transcript: the raw bytes from the requested offset to what the coordinator has now,
/// the total stored so far, whether more can still come, and whether the worker cut it at its size cap.
/// </summary>
sealed record TranscriptChunk(byte[] Bytes, long TotalLength, bool Complete, bool Truncated);
