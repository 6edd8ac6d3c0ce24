using Google.Protobuf;

namespace Stamina.EndToEnd.Tests.Infrastructure.Otlp;

/// <summary>
/// Just enough of the OTLP protobuf messages (opentelemetry-proto's trace, logs, resource and common .proto) to
/// check a trace: read field by field with Google.Protobuf's wire reader, every other field skipped.
/// </summary>
static class OtlpWire
{
    /// <summary>ExportTraceServiceRequest: resource_spans(1) → resource(1), scope_spans(2) → spans(2) → trace_id(1), span_id(2), parent_span_id(4), name(5).</summary>
    public static IEnumerable<OtlpSpan> Spans(ByteString request)
    {
        foreach (var resourceSpans in Fields(request, 1))
        {
            var service = ServiceName(resourceSpans);
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                foreach (var span in Fields(scopeSpans, 2))
                    yield return new OtlpSpan(service, Hex(span, 1), Hex(span, 2), Hex(span, 4), Text(span, 5));
            }
        }
    }

    /// <summary>ExportLogsServiceRequest: resource_logs(1) → resource(1), scope_logs(2) → log_records(2) → body(5).string_value(1), trace_id(9).</summary>
    public static IEnumerable<OtlpLogRecord> Logs(ByteString request)
    {
        foreach (var resourceLogs in Fields(request, 1))
        {
            var service = ServiceName(resourceLogs);
            foreach (var scopeLogs in Fields(resourceLogs, 2))
            {
                foreach (var record in Fields(scopeLogs, 2))
                    yield return new OtlpLogRecord(service, Fields(record, 5).Select(body => Text(body, 1)).FirstOrDefault() ?? "", Hex(record, 9));
            }
        }
    }

    /// <summary>resource(1) → attributes(1) → KeyValue key(1) = "service.name", value(2) → AnyValue string_value(1).</summary>
    static string ServiceName(ByteString resourceMessage) =>
        Fields(resourceMessage, 1).SelectMany(resource => Fields(resource, 1))
            .Where(attribute => Text(attribute, 1) == "service.name")
            .Select(attribute => Fields(attribute, 2).Select(value => Text(value, 1)).FirstOrDefault() ?? "")
            .FirstOrDefault() ?? "";

    /// <summary>Every length-delimited field <paramref name="number"/> of a message, in order (repeated fields give several).</summary>
    static List<ByteString> Fields(ByteString message, int number)
    {
        var found = new List<ByteString>();
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                found.Add(input.ReadBytes());
            else
                input.SkipLastField();
        }
        return found;
    }

    static string Text(ByteString message, int number) => Fields(message, number).Select(f => f.ToStringUtf8()).FirstOrDefault() ?? "";

    static string Hex(ByteString message, int number) =>
        Fields(message, number).Select(f => Convert.ToHexStringLower(f.Span)).FirstOrDefault() ?? "";
}
