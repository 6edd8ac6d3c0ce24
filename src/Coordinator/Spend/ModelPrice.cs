namespace Stamina.Coordinator.Spend;

/// <summary>One model's prices in USD per million tokens. Cached input defaults to the input price.</summary>
public sealed class ModelPrice
{
    public decimal? InputPerMillionUsd { get; set; }
    public decimal? OutputPerMillionUsd { get; set; }
    public decimal? CachedInputPerMillionUsd { get; set; }
}
