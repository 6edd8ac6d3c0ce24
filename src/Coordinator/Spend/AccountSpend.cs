namespace Stamina.Coordinator.Spend;

/// <summary><c>Stamina:Spend:Accounts:{name}</c>.</summary>
public sealed class AccountSpend
{
    public decimal? DailyUsd { get; set; }
}
