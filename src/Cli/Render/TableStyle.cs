using Spectre.Console;

namespace Stamina.Cli.Render;

static class TableStyle
{
    /// <summary>
    /// Borderless columns two spaces apart under a bold header, like <c>docker ps</c>: readable on a terminal,
    /// and one plain row per line for awk and grep when redirected.
    /// </summary>
    public static Table Create(params string[] headers)
    {
        var table = new Table().Border(TableBorder.None);
        foreach (var header in headers)
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))).PadLeft(0).PadRight(2));
        return table;
    }
}
