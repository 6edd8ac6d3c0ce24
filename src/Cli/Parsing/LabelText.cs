namespace Stamina.Cli.Parsing;

/// <summary>Reads <c>--label key=value</c>. The value may be empty or contain '='; the key may not.</summary>
static class LabelText
{
    public static bool TryParse(string text, out string key, out string value)
    {
        var separator = text.IndexOf('=', StringComparison.Ordinal);
        key = separator > 0 ? text[..separator].Trim() : "";
        value = separator > 0 ? text[(separator + 1)..] : "";
        return key.Length > 0;
    }
}
