using Stamina.Contracts;
using Stamina.ServiceDefaults.Redaction;

namespace Stamina.Worker.Redaction;

/// <summary>The texts of a result that come from the command or agent (its message, its summary), redacted before they leave.</summary>
public static class CompletionRedaction
{
    public static CompleteAttempt Redacted(this CompleteAttempt completion, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(redactor);
        return completion with
        {
            Message = redactor.Redact(completion.Message),
            Result = completion.Result is { } result ? result with { Summary = redactor.Redact(result.Summary) } : null,
        };
    }
}
