namespace Stamina.Cli.Parsing;

/// <summary>
/// An item id as typed: a full UUID, or the start of one such as the 8 characters the tables show, which is
/// looked up among recent items (see <see cref="Commands.ItemIdResolver"/>).
/// </summary>
static class ItemIdText
{
    public const int MinimumPrefixLength = 4;
    const string Template = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    public static bool IsValid(string text) => Guid.TryParse(text, out _) || IsPrefix(text);

    /// <summary>True for the start of a UUID in its usual form, hyphens where they belong.</summary>
    public static bool IsPrefix(string text)
    {
        if (text.Length < MinimumPrefixLength || text.Length > Template.Length)
            return false;
        for (var i = 0; i < text.Length; i++)
        {
            if (Template[i] == '-' ? text[i] != '-' : !char.IsAsciiHexDigit(text[i]))
                return false;
        }
        return true;
    }

    public static string Short(Guid id) => id.ToString("D")[..8];
}
