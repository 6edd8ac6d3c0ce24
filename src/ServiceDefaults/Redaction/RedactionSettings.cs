namespace Stamina.ServiceDefaults.Redaction;

/// <summary><c>Stamina:Redaction</c>: patterns added to the defaults, by name (the name shows as <c>[redacted:NAME]</c>).</summary>
public sealed class RedactionSettings
{
    public const string Section = "Stamina:Redaction";

    /// <summary>NAME → .NET regular expression, e.g. <c>Stamina:Redaction:Patterns:acme-token: "acme_[A-Za-z0-9]{32}"</c>.</summary>
    public Dictionary<string, string> Patterns { get; init; } = new(StringComparer.Ordinal);
}
