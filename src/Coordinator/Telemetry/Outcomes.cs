using System.Collections.Frozen;
using Stamina.Contracts;

namespace Stamina.Coordinator.Telemetry;

/// <summary>Label values that stay bounded whatever a worker reports.</summary>
static class Outcomes
{
    public const string None = "none";
    public const string Other = "other";

    static readonly FrozenSet<string> KnownErrorClasses = typeof(ErrorClasses)
        .GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)
        .ToFrozenSet();

    /// <summary>An error class a worker made up (or garbled) is "other": one per label, not one per string.</summary>
    public static string BoundedErrorClass(string? errorClass) =>
        string.IsNullOrEmpty(errorClass) ? None : KnownErrorClasses.Contains(errorClass) ? errorClass : Other;

    /// <summary>succeeded, failed, cancelled or skipped for a final state; null for any other.</summary>
    public static string? OfFinalState(string state) => state switch
    {
        "Succeeded" => "succeeded",
        "Failed" => "failed",
        "Cancelled" => "cancelled",
        "Skipped" => "skipped",
        _ => null,
    };
}
