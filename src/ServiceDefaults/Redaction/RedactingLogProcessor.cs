using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Stamina.ServiceDefaults.Redaction;

/// <summary>
/// Redacts a log record before the OTLP exporter sees it. A structured sink receives more than the console's
/// formatted line: the template's values and the exception, so those pass through the <see cref="SecretRedactor"/> too
/// (an exception becomes its redacted type, message and stack trace, the attributes OTLP would have sent).
/// </summary>
public sealed class RedactingLogProcessor(SecretRedactor redactor) : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.FormattedMessage = redactor.Redact(data.FormattedMessage);
        data.Body = redactor.Redact(data.Body);
        var attributes = data.Attributes?.Select(Redact).ToList() ?? [];
        if (data.Exception is { } exception)
        {
            attributes.Add(new("exception.type", exception.GetType().FullName));
            attributes.Add(new("exception.message", redactor.Redact(exception.Message)));
            attributes.Add(new("exception.stacktrace", redactor.Redact(exception.ToString())));
            data.Exception = null;
        }
        data.Attributes = attributes;
    }

    KeyValuePair<string, object?> Redact(KeyValuePair<string, object?> attribute) =>
        attribute.Value is string text ? new(attribute.Key, redactor.Redact(text)) : attribute;
}
