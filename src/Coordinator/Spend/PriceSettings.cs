namespace Stamina.Coordinator.Spend;

/// <summary>
/// Section <c>Stamina:Prices</c>: USD per million tokens by model name (<c>Stamina:Prices:{model}:InputPerMillionUsd</c>),
/// giving a cost to attempts whose agent reports tokens but no cost (Codex, Gemini).
/// </summary>
public sealed class PriceSettings
{
    public const string Section = "Stamina:Prices";

    public Dictionary<string, ModelPrice> Models { get; } = new(StringComparer.OrdinalIgnoreCase);
}
