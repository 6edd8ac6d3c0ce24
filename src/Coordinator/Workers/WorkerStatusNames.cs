using Stamina.Contracts;

namespace Stamina.Coordinator.Workers;

/// <summary>A heartbeat's status as stored and shown: lower case, <c>off-shift</c> with its hyphen.</summary>
public static class WorkerStatusNames
{
    public static string Of(WorkerStatus status) => status switch
    {
        WorkerStatus.OffShift => "off-shift",
        _ => status.ToString().ToLowerInvariant(),
    };
}
