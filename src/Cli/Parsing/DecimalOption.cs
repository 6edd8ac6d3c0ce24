using System.CommandLine;
using System.Globalization;

namespace Stamina.Cli.Parsing;

static class DecimalOption
{
    /// <summary>An optional decimal number (a budget in dollars): unset stays null, a bad value gets a plain message.</summary>
    public static Option<decimal?> Create(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return value;
            result.AddError($"{name} must be a number such as 2.50, not '{text}'");
            return null;
        },
    };
}
