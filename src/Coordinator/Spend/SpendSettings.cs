namespace Stamina.Coordinator.Spend;

/// <summary>
/// Section <c>Stamina:Spend</c>: spend caps in USD over the agents' cost (reported, or priced from tokens by
/// <see cref="PriceSettings"/>). Every cap is off unless set; a day starts at midnight in <see cref="TimeZone"/>.
/// </summary>
public sealed class SpendSettings
{
    public const string Section = "Stamina:Spend";

    /// <summary>All attempts started today: when reached, nothing more is released until the day ends.</summary>
    public decimal? DailyUsd { get; set; }

    /// <summary>All attempts of one batch's items: when reached, that batch's queued items wait.</summary>
    public decimal? PerBatchUsd { get; set; }

    /// <summary>An IANA (or Windows) time zone id; the day boundary of the daily caps.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Per account (by the name workers run under): a daily cap; that account's claims are refused once reached.</summary>
    public Dictionary<string, AccountSpend> Accounts { get; set; } = new(StringComparer.Ordinal);
}
