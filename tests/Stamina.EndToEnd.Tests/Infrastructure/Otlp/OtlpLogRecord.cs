namespace Stamina.EndToEnd.Tests.Infrastructure.Otlp;

/// <summary>A log record as an OTLP receiver saw it: its service, its text and the trace it was written in (empty if none).</summary>
sealed record OtlpLogRecord(string Service, string Body, string TraceId);
