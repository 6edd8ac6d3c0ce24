using System.Security.Cryptography;
using System.Text.Json;
using Stamina.Coordinator.WorkItems.Commands;

namespace Stamina.Coordinator.Submissions;

/// <summary>
/// What a submission asks for, as a hash: the validated request (defaults applied, labels sorted), not its
/// bytes, so that spacing or field order in the JSON does not make the same request look different.
/// </summary>
public static class SubmissionFingerprint
{
    public static string Of(SubmitWorkItem submission)
    {
        var canonical = submission with
        {
            WorkItemId = Guid.Empty,
            Spec = submission.Spec with
            {
                Labels = new SortedDictionary<string, string>(submission.Spec.Labels.ToDictionary(), StringComparer.Ordinal),
            },
        };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(canonical)));
    }
}
