using System.Globalization;

namespace Stamina.Cli.Render;

/// <summary>Costs and token counts as a person reads them: "$0.42", "12.3k", "1.2M".</summary>
static class Money
{
    public static string Usd(decimal? amount) => amount is { } value
        ? "$" + value.ToString(value < 10 ? "0.00##" : "0.00", CultureInfo.InvariantCulture)
        : "-";

    public static string Count(long? count) => count switch
    {
        null => "-",
        < 1_000 => count.Value.ToString(CultureInfo.InvariantCulture),
        < 1_000_000 => (count.Value / 1_000d).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => (count.Value / 1_000_000d).ToString("0.#", CultureInfo.InvariantCulture) + "M",
    };
}
