using System.Globalization;

namespace Stamina.EndToEnd.Tests.Workers;

/// <summary>Worker settings (environment) for a hook: <c>Stamina__Worker__Hooks__NAME__…</c>.</summary>
static class HookSettingsFor
{
    public static Dictionary<string, string> Hook(string name, string script, TimeSpan timeout, TimeSpan? interval = null)
    {
        var prefix = $"Stamina__Worker__Hooks__{name}__";
        var settings = new Dictionary<string, string>
        {
            [prefix + "Command__0"] = "sh",
            [prefix + "Command__1"] = "-c",
            [prefix + "Command__2"] = script,
            [prefix + "Timeout"] = timeout.ToString("c", CultureInfo.InvariantCulture),
        };
        if (interval is { } every)
            settings[prefix + "Interval"] = every.ToString("c", CultureInfo.InvariantCulture);
        return settings;
    }
}
