using Spectre.Console;
using Stamina.Cli.Checks;

namespace Stamina.Cli.Render;

/// <summary>The <c>config check</c> view: the settings in effect, then one line per check.</summary>
static class ConfigCheckView
{
    public static void Write(IAnsiConsole console, ConfigReport report, bool terminal)
    {
        console.WriteLine($"Configuration file: {report.ConfigFile ?? "(none)"}");
        console.WriteLine();
        var table = TableStyle.Create("KEY", "VALUE", "SOURCE");
        foreach (var setting in report.Settings)
        {
            var source = new Text(SourceText(setting.Source),
                setting.Source == SettingSource.Default ? new Style(Color.Grey) : Style.Plain);
            table.AddRow(new Text(setting.Key), new Text(setting.Value ?? "(empty)"), source);
        }
        console.Write(table);
        console.WriteLine();
        foreach (var check in report.Checks)
        {
            console.Write(Mark(check.Status, terminal));
            console.WriteLine($" {check.Name}: {check.Detail}");
        }
        var failed = report.Checks.Count(c => c.Status == CheckStatus.Failed);
        var warned = report.Checks.Count(c => c.Status == CheckStatus.Warning);
        console.WriteLine();
        console.WriteLine(failed == 0
            ? $"All configured checks passed ({warned} warning{(warned == 1 ? "" : "s")})."
            : $"{failed} check{(failed == 1 ? "" : "s")} failed.");
    }

    public static string SourceText(SettingSource source) => source switch
    {
        SettingSource.File => "file",
        SettingSource.Environment => "environment",
        SettingSource.CommandLine => "command line",
        _ => "default",
    };

    public static string StatusText(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "ok",
        CheckStatus.Failed => "FAIL",
        _ => "warn",
    };

    // Symbols for a person at a terminal; words a script or a log reader can grep for.
    static Text Mark(CheckStatus status, bool terminal) => (status, terminal) switch
    {
        (CheckStatus.Ok, true) => new Text("✓", new Style(Color.Green)),
        (CheckStatus.Failed, true) => new Text("✗", new Style(Color.Red)),
        (_, true) => new Text("!", new Style(Color.Yellow)),
        _ => new Text(StatusText(status).PadRight(4)),
    };
}
