using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Stamina.Coordinator.Persistence;

/// <summary>One embedded SQL file named <c>Migrations/{dialect}/NNNN_name.sql</c>.</summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    public static IReadOnlyList<Migration> LoadEmbedded(Assembly assembly, SqlDialect dialect)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success || match.Groups["dialect"].Value != dialect.Name)
                continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two {dialect} migrations share version {duplicate.Key}.");
        return [.. migrations.OrderBy(m => m.Version)];
    }

    [GeneratedRegex(@"\.Migrations\.(?<dialect>[a-z]+)\.(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();
}
