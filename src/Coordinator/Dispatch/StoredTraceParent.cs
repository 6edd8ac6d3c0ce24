using System.Diagnostics;

namespace Stamina.Coordinator.Dispatch;

/// <summary>
/// The trace context kept with an item (<c>work_items.trace_parent</c>, a W3C traceparent): written at submit,
/// continued by every dispatch of the item. It is only a hint: a missing or malformed value starts a new trace.
/// </summary>
public static class StoredTraceParent
{
    /// <summary>A W3C traceparent is 55 characters; anything much longer is not one.</summary>
    const int MaxLength = 128;

    /// <summary>The traceparent of <paramref name="activity"/>, or null when there is none in the W3C format.</summary>
    public static string? Capture(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C, Id: { } id } ? id : null;

    /// <summary>The context to continue; <c>default</c> (a new trace) when <paramref name="stored"/> is missing or not a traceparent.</summary>
    public static ActivityContext Parse(string? stored) =>
        stored is { Length: > 0 and <= MaxLength } && ActivityContext.TryParse(stored, null, isRemote: true, out var context)
            ? context
            : default;
}
