using Stamina.ServiceDefaults.Validation;

namespace Stamina.Cli.Parsing;

/// <summary>
/// The duration forms the coordinator accepts ("90s", "30m", "2h", "00:30:00"). Checked here too so a typo is
/// a usage error before anything is sent; a bare number is refused (ask for a unit: "10" reads as days to some).
/// </summary>
static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration) => Durations.TryParse(text, bareSecondsAllowed: false, out duration);
}
