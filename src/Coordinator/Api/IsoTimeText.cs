using System.Globalization;
using System.Text.RegularExpressions;

namespace Stamina.Coordinator.Api;

/// <summary>The one reading of a time in a query string, for item filters, stats and the report.</summary>
public static partial class IsoTimeText
{
    /// <summary>A date, a time and a zone (Z or ±hh:mm): a time without a zone would be read in the server's zone, a guess.</summary>
    public static bool TryParse(string text, out DateTimeOffset time)
    {
        time = default;
        // An unescaped "+01:00" in a URL arrives as " 01:00"; no space belongs in the form, so it can only be that.
        text = text.Replace(' ', '+');
        return IsoTime().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoTime();
}
