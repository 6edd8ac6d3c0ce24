using System.CommandLine;
using Stamina.Cli.Parsing;

namespace Stamina.Cli.Commands;

static class ItemIdArgument
{
    public static Argument<string> Create()
    {
        var argument = new Argument<string>("ID")
        {
            Description = $"The item's id, or its first characters as the tables show them (looked up among the newest {ItemIdResolver.SearchLimit} items)",
        };
        argument.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (text is not null && !ItemIdText.IsValid(text))
            {
                result.AddError($"'{text}' is not an item id: give the full id or at least its first {ItemIdText.MinimumPrefixLength} characters");
            }
        });
        return argument;
    }
}
