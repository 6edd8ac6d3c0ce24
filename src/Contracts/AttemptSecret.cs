namespace Stamina.Contracts;

/// <summary>
/// The per-attempt secret a claim grant carries: every later message about the attempt presents it, which proves
/// that it comes from the holder. A type of its own so that no log line or <c>ToString</c> of a message shows it.
/// </summary>
public sealed record AttemptSecret
{
    public string Value { get; init; } = "";

    /// <summary>Records print every property; this one must never reach a log.</summary>
    public override string ToString() => "AttemptSecret { *** }";
}
