namespace Stamina.EndToEnd.Tests.Infrastructure.Otlp;

/// <summary>A span as an OTLP receiver saw it: ids in lower-case hex (the parent empty for a root), and its service.</summary>
sealed record OtlpSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name);
