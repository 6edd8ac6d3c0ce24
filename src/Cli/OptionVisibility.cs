using System.CommandLine;

namespace Stamina.Cli;

/// <summary>
/// Hides options for the length of one call. System.CommandLine lists and completes a recursive option under every
/// subcommand and cannot hide it for one of them; the services' commands do not take the CLI's client options.
/// </summary>
static class OptionVisibility
{
    public static int WithHidden(IEnumerable<Option> options, Func<int> action)
    {
        var hide = options.Where(o => !o.Hidden).ToList();
        try
        {
            hide.ForEach(o => o.Hidden = true);
            return action();
        }
        finally
        {
            hide.ForEach(o => o.Hidden = false);
        }
    }
}
