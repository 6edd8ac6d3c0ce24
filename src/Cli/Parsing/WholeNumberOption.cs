using System.CommandLine;
using System.Globalization;

namespace Stamina.Cli.Parsing;

static class WholeNumberOption
{
    /// <summary>
    /// An optional whole-number option. Unset stays null so the coordinator applies its own default; a bad value
    /// gets a plain message instead of System.CommandLine's "expected type 'System.Nullable`1[System.Int32]'".
    /// </summary>
    public static Option<int?> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return value;
            result.AddError($"{name} must be a whole number, not '{text}'");
            return null;
        },
    };
}
